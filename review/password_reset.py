"""Forgotten passwords: Django's reset views, with the email written to the outbox.

The reset email goes through the same outbox as every other email (``Notification``, kind
``password_reset``): written in the request's transaction, sent after commit, resent by
the beat task when the broker was down. The page says the same whether or not the
address belongs to an account. The link works once and for ``PASSWORD_RESET_TIMEOUT``
(one hour); the new password passes Django's validators, ends every session of the
account (Django's session hash), and the person then signs in as always, second factor
included (``post_reset_login`` stays off). Only Admins can read the outbox in the admin,
and they may set passwords anyway.
"""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.template.loader import render_to_string
from django.urls import path, reverse_lazy

from .services.notifications import notification_queue

KIND = "password_reset"


class OutboxPasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        notification_queue(
            recipient=context["user"],
            kind=KIND,
            subject=subject,
            message=render_to_string(email_template_name, context),
            template="review/email/account.txt",
        )


urlpatterns = [
    # The admin's login page offers "Forgotten your password?" when this name exists.
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=OutboxPasswordResetForm,
            template_name="accounts/password_reset_form.html",
            email_template_name="review/email/password_reset.txt",
            subject_template_name="review/email/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="admin_password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

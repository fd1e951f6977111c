"""Print the authenticator code a demo account needs now (demo accounts only)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import demo_key


class Command(BaseCommand):
    help = "Print the current two-step code of a demo account (from load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        device = (
            TOTPDevice.objects.filter(user=user, confirmed=True, key=demo_key(username)).first()
            if user
            else None
        )
        if device is None:
            raise CommandError(
                f"{username!r} is not a demo account with the demo authenticator key "
                "(load_demo sets one up for admin, drroe and drsmith)."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")

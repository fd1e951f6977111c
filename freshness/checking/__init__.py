"""Reference status checks: parsers for each public service and the run that uses them.

``crossref``, ``pubmed`` and ``dailymed`` only parse (pure functions, tested on replayed
responses); ``run`` fetches through ``references.lookup.http_get`` (the lookups' one HTTP
door: timeouts, User-Agent, error mapping) and records through
``references.services.reference_status_record``.
"""

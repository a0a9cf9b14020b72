"""Run every check that applies to the configuration, in the order a person would fix things.

The configuration comes first (nothing else can be checked without it), then the files and the
database, then what is running, then the outside world: the provider's servers for a mailbox
set-up, DNS for an own-domain one. The database is only looked at, never created or migrated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dns.resolver

from mailer.clock import Clock, system_clock
from mailer.config import Config, ConfigError, load_config
from mailer.doctor import database, dns_records, files, health, listening, mailbox
from mailer.doctor.findings import Finding, fail, ok


@dataclass
class Checkup:
    """What the doctor needs: the config file, the clock, and (for tests) a DNS resolver."""

    config_path: Path
    clock: Clock = system_clock
    resolver: dns.resolver.Resolver | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.failed for f in self.findings)

    def run(self) -> list[Finding]:
        self.findings = []
        config = self._config()
        if config is not None:
            self._checks(config)
        return self.findings

    def _config(self) -> Config | None:
        try:
            config = load_config(self.config_path)
        except ConfigError as exc:
            self.findings.append(
                fail("config", str(exc), "fix the file (config.example.toml documents each key)")
            )
            return None
        users = ", ".join(u.email for u in config.users) or "none"
        self.findings.append(ok("config", f"{config.path} is valid (users: {users})"))
        return config

    def _checks(self, config: Config) -> None:
        add = self.findings.extend
        add(files.checks(config))
        engine, problem = database.open_engine(config)
        if problem is not None:
            add([problem])
        folder = config.spool_dir if config.spool_dir.is_dir() else config.base_dir
        add([health.clock_findings(self.clock, folder)])
        if engine is not None:
            try:
                migrated = database.migrated(engine)
                add([migrated])
                if not migrated.failed:
                    add(health.health_findings(engine, self.clock))
            finally:
                engine.dispose()
        add(listening.checks(config))
        add(mailbox.checks(config))
        if not listening.is_local_domain(config.inbound.domain):
            add(dns_records.checks(config, self.resolver))


def run_checks(
    config_path: Path, *, clock: Clock = system_clock, resolver: dns.resolver.Resolver | None = None
) -> list[Finding]:
    return Checkup(config_path, clock, resolver).run()

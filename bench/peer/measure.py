"""One phase of checks of one system, and the table the benchmark prints."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measurement:
    system: str
    phase: str
    checks: int
    wall_seconds: float
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by process group

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    @property
    def checks_per_cpu_second(self) -> float:
        return self.checks / self.cpu_seconds if self.cpu_seconds else float("inf")


def table(rows: list[Measurement]) -> list[str]:
    header = f"{'system':<18} {'phase':<8} {'checks':>6} {'wall s':>7} {'CPU s':>7} {'checks/CPU-s':>12}"
    lines = [f"{header}  CPU s by part"]
    for row in rows:
        parts = " + ".join(f"{name} {seconds:.2f}" for name, seconds in row.cpu.items())
        lines.append(
            f"{row.system:<18} {row.phase:<8} {row.checks:>6} {row.wall_seconds:>7.1f}"
            f" {row.cpu_seconds:>7.2f} {row.checks_per_cpu_second:>12.1f}  {parts}"
        )
    return lines


def ratio_line(phase: str, ours: Measurement, peer: Measurement) -> str:
    ratio = ours.checks_per_cpu_second / peer.checks_per_cpu_second
    return (
        f"ratio offerwatch/changedetection.io, {phase}: {ratio:.2f}x "
        f"({ours.checks_per_cpu_second:.1f} vs {peer.checks_per_cpu_second:.1f} checks per CPU-second)"
    )

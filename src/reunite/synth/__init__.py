"""Synthetic separated-family rosters with exact ground truth, for demos, tests and benchmarks.

`generate(families, seed)` invents the population; `write(dataset, out_dir)` writes the rosters.
"""

from reunite.synth.errors import RATE_TABLE, ErrorRates, default_rates
from reunite.synth.models import Shape, SynthDataset
from reunite.synth.people import generate
from reunite.synth.writer import write

__all__ = [
    "RATE_TABLE",
    "ErrorRates",
    "Shape",
    "SynthDataset",
    "default_rates",
    "generate",
    "write",
]

"""The `cloudgen` command line: one click group, one module per command group.

Each command parses its options into typed settings, calls a service of the subsystem
(imported on first use, so that start-up stays fast) and hands the result to `report`,
which prints it and picks the exit status.
"""

from __future__ import annotations

from typing import Any

import click

from generator.cli import (
    cloud,
    dashboard,
    generate,
    info,
    micropython,
    new,
    python,
    report,
    sketch,
    spec,
    typescript,
    var,
)
from generator.cli.options import verbosity


class _Group(click.Group):
    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        # A fresh start for every invocation (tests run many in one process).
        report.settings.level, report.settings.json = report.NORMAL, False
        return super().make_context(*args, **kwargs)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cloudgen")
@verbosity
def main() -> None:
    """Generate Arduino Cloud sketches from Thing templates, offline and reproducibly.

    \b
    Start with `cloudgen generate` in a folder with a cloudgen.yaml, or
    `cloudgen sketch THING.yaml --board FQBN -o DIR` for a single Thing.
    Input errors are printed as FILE:LINE:COL: KEY: MESSAGE and exit with status 2.
    -q and -v work before the command's name too. Tab completion for your shell:
    `cloudgen completion --help`.
    """


@main.command(short_help="Print the Tab-completion script for a shell.")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@verbosity
def completion(shell: str) -> None:
    """Print the Tab-completion script for a shell (commands, options, FQBNs, types).

    \b
    Load it in your shell's start-up file:
      bash: eval "$(cloudgen completion bash)"        (in ~/.bashrc)
      zsh:  eval "$(cloudgen completion zsh)"         (in ~/.zshrc)
      fish: cloudgen completion fish | source         (in ~/.config/fish/config.fish)
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # the three shells click ships
    click.echo(completer(main, {}, "cloudgen", "_CLOUDGEN_COMPLETE").source())


for command in (
    generate.generate,
    sketch.sketch,
    micropython.micropython,
    micropython.simulate,
    python.python,
    dashboard.dashboard,
    typescript.typescript,
    spec.client,
    sketch.sync,
    sketch.import_sketch,
    new.new,
    var.var,
    spec.spec,
    cloud.cloud,
    info.validate,
    info.types,
    info.boards,
):
    main.add_command(command)

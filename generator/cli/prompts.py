"""Questions `cloudgen new` asks on a terminal, and what it needs when there is none."""

from __future__ import annotations

import click

from generator.core.catalog import Catalog
from generator.core.diagnostics import UserError, did_you_mean
from generator.scaffold.project import NewProject
from generator.scaffold.service import missing_options
from generator.thing.var_spec import USAGE, parse_var


def complete_project(
    project: NewProject, catalog: Catalog, *, ask_name: bool, ask_variables: bool
) -> None:
    """Ask for whatever the options left open."""
    if ask_name:
        project.name = click.prompt("Thing name", default=project.name)
    if not project.board or catalog.board(project.board) is None:
        project.board = ask_board(catalog, project.board)
    board = catalog.board(project.board)
    assert board is not None
    if len(board.families) > 1 and not project.connection:
        project.connection = click.prompt(
            "Connection", type=click.Choice(board.families), default=board.families[0]
        )
    for option, _ in missing_options(project, catalog):
        if option == "--device-id":
            project.device_id = click.prompt("Device id (UUID, from the Cloud's device page)")
        elif option == "--thing-id":
            project.thing_id = click.prompt("Thing id (UUID)")
        elif option == "--lora-band":
            family = catalog.families[project.connection or board.families[0]]
            project.lora_band = click.prompt("Frequency plan", type=click.Choice(family.bands))
    if ask_variables:
        click.echo(f"Cloud variables, one per line as {USAGE}; an empty line ends the list.")
        while spec := click.prompt("Variable", default="", show_default=False):
            try:
                project.variables.append(parse_var(spec, catalog))
            except UserError as error:
                click.echo("\n".join(d.message for d in error.diagnostics), err=True)


def ask_board(catalog: Catalog, current: str) -> str:
    """The board's FQBN, typed with Tab completion from the catalog, or picked by number."""
    fqbns = catalog.board_fqbns
    _complete_with(fqbns)
    for number, board in enumerate(catalog.boards, start=1):
        click.echo(f"  {number:2}. {board.fqbn:<40} {board.name}")
    while True:
        answer = click.prompt("Board (FQBN or number; Tab completes)", default=current or None)
        if answer.isdigit() and 1 <= int(answer) <= len(fqbns):
            answer = fqbns[int(answer) - 1]
        if "*" in answer:
            core = answer.rsplit(":", 1)[0]
            answer = click.prompt(f"Which {core} board", default=f"{core}:{core}")
        if catalog.board(answer) is not None:
            return str(answer)
        click.echo(did_you_mean(f"{answer} is not a supported board", answer, fqbns), err=True)


def _complete_with(words: list[str]) -> None:
    try:
        import readline
    except ImportError:  # no line editing on this platform: numbers still work
        return

    def complete(text: str, state: int) -> str | None:
        matches = [word for word in words if word.startswith(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer_delims(" \t\n")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")

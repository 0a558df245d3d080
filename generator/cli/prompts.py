"""Questions `cloudgen new` asks on a terminal for what the options leave out.

Each answer is checked as soon as it is given; a bad one is asked again at once, with
what is wrong with what was typed, so no answer is ever thrown away. Every question has
a way out besides Ctrl-C: an empty answer takes the default, leaves an id the cloud has
not assigned yet empty, ends the variable list, or (for the board) stops, writing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import click

from generator.cli import report
from generator.core.catalog import Board, Catalog
from generator.core.checks import UUID, UUID_EXAMPLE, describe
from generator.core.diagnostics import Diagnostic, UserError
from generator.project.kinds import OutputKind
from generator.scaffold.project import NewProject
from generator.scaffold.service import add_variable, missing_options, problems
from generator.thing.var_spec import USAGE

BOARD_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


def complete_project(
    project: NewProject,
    catalog: Catalog,
    kinds: Sequence[OutputKind],
    *,
    ask_name: bool,
    ask_variables: bool,
) -> None:
    """Ask for whatever the options left open."""
    if ask_name:
        project.name = click.prompt("Thing name", default=project.name).strip() or project.name
    if catalog.board(project.board) is None:
        project.board = ask_board(catalog, project.board)
    board = catalog.board(project.board)
    assert board is not None  # ask_board returns supported boards only
    if len(board.families) > 1 and not project.connection:
        project.connection = click.prompt(
            "Connection", type=click.Choice(board.families), default=board.families[0]
        )
    if len(board.auths) > 1 and not project.auth:
        project.auth = ask_auth(catalog, board)
    for option, _ in missing_options(project, catalog):
        if option == "--device-id":
            project.device_id = ask_id("Device id", "the device is not registered yet")
        elif option == "--thing-id":
            project.thing_id = ask_id("Thing id", "the Thing is not created yet")
        elif option == "--lora-band":
            family = catalog.families[project.connection or board.families[0]]
            project.lora_band = click.prompt(
                "Frequency plan",
                type=click.Choice(family.bands),
                default=family.default_band or family.bands[0],
            )
    if ask_variables:
        ask_variables_of(project, catalog, kinds)


def ask_board(catalog: Catalog, typed: str) -> str:
    """A supported board's FQBN, typed with Tab completion or picked by number."""
    if typed:
        _tell(catalog.unknown_board(typed))
    for number, board in enumerate(catalog.boards, start=1):
        click.echo(f"  {number:2}. {board.fqbn:<40} {board.name}")
    while True:
        _complete_with(catalog.completions)
        answer = click.prompt(
            "Board (FQBN or number; Tab completes; empty to stop)", default="", show_default=False
        ).strip()
        if not answer:
            raise UserError([Diagnostic("cloudgen", 0, 0, "board", "no board chosen")])
        if answer.isdigit() and 1 <= int(answer) <= len(catalog.boards):
            answer = catalog.boards[int(answer) - 1].fqbn
        chosen = catalog.board(answer)
        if chosen is not None and "*" in answer:
            return ask_concrete_board(catalog, chosen)
        if chosen is not None:
            return answer
        _tell(catalog.unknown_board(answer))


def ask_concrete_board(catalog: Catalog, board: Board) -> str:
    """One board of an `esp32:esp32:*` entry: its board id (`esp32s3`) or its FQBN. The
    catalog gives every such entry examples; the first is the default."""
    kind = board.name.removeprefix("any ")  # "ESP32 board"
    ids = [example.split(":")[2] for example in board.examples]
    while True:
        _complete_with([*board.examples, *ids])
        answer = click.prompt(
            f"Which {kind}? (its board id, like {', '.join(ids[:3])}, or FQBN; Tab completes)",
            default=board.examples[0],
        ).strip()
        fqbn = answer if ":" in answer else f"{board.core}:{answer}"
        parts = fqbn.split(":")
        if len(parts) >= 3 and BOARD_ID.match(parts[2]) and catalog.board(fqbn) is board:
            return fqbn
        _tell(
            f"{describe(answer)} is not an {kind}: give its board id (like {ids[0]}) or an "
            f"FQBN starting with {board.core}:"
        )


def ask_auth(catalog: Catalog, board: Board) -> str | None:
    """How a board that allows several ways authenticates (UNO R4 WiFi: se or key); None
    for its default, which cloudgen.yaml then leaves out."""
    ways = ", ".join(f"{key}: {catalog.auths[key].label}" for key in board.auths)
    answer: str = click.prompt(
        f"Authentication ({ways})",
        type=click.Choice(board.auths),
        default=board.auth,
        show_choices=False,  # the question names them, with what each means
    )
    return None if answer == board.auth else answer


def ask_id(label: str, why_empty: str) -> str:
    """A UUID the cloud assigned, or "" when it has not assigned one yet."""
    while True:
        answer = click.prompt(
            f"{label} (a UUID from the Arduino Cloud; empty if {why_empty})",
            default="",
            show_default=False,
        ).strip()
        if not answer or UUID.match(answer):
            return answer.lower()
        _tell(f"{describe(answer)} is not a {label.lower()}: expected a UUID like {UUID_EXAMPLE}")


def ask_variables_of(project: NewProject, catalog: Catalog, kinds: Sequence[OutputKind]) -> None:
    """Variables one by one, each checked against the Thing and the board at once."""
    click.echo(f"Cloud variables, one per line as {USAGE}; an empty line ends the list.")
    while spec := click.prompt("Variable", default="", show_default=False).strip():
        try:
            add_variable(project, catalog, spec, "answer")
        except UserError as error:
            _tell_all(spec, error.diagnostics)
            continue
        found = [d for d in problems(project, kinds) if d.level == "error"]
        if found:
            project.variables.pop()
            project.variable_sources.pop()
            _tell_all(spec, found)


def _tell_all(spec: str, diagnostics: Iterable[Diagnostic]) -> None:
    """Problems of one answer, each starting with the answer as it was typed."""
    typed = describe(spec)
    for diagnostic in diagnostics:
        message = diagnostic.message
        _tell(message if message.startswith(typed) else f"{typed}: {message}")


def _tell(message: str) -> None:
    click.echo(click.style(message, fg="red"), err=True, color=report.colour())


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

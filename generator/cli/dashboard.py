"""`cloudgen dashboard`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import output_dir_option, verbosity


@click.command(short_help="An Arduino Cloud dashboard template of a Thing.")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@output_dir_option("Folder to write dashboard.yaml into.")
@click.option(
    "--thing-id",
    help="The Thing's id (UUID), written into the template; without it, the template names "
    "the Thing by a placeholder that `arduino-cloud-cli dashboard create --override` resolves.",
)
@click.option(
    "--web-page",
    is_flag=True,
    help="Also write index.html and page.js, a live web page of the Thing (built with esbuild: "
    "needs Node.js and the npm packages the README lists).",
)
@verbosity
def dashboard(template: Path, output_dir: Path, thing_id: str | None, web_page: bool) -> None:
    """An Arduino Cloud dashboard template of a Thing, for arduino-cloud-cli.

    \b
    Writes dashboard.yaml: a widget per variable, chosen by its type and permission, laid
    out without overlap on the desktop and mobile grids. The file is yours: later runs
    keep your positions, sizes and widgets, add widgets for new variables and remove links
    to variables the Thing no longer has. Create the dashboard with
      arduino-cloud-cli dashboard create --template DIR/dashboard.yaml --override NAME=THING_ID
    (the file's header names the placeholder). With --web-page, the folder also gets a
    page that shows and sets the Thing's variables live (open index.html).
    """
    from generator.dashboard.service import dashboard as generate

    report.run(lambda: report.outcome(generate(template, output_dir, thing_id, web_page)))

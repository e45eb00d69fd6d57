"""The signature pad keeps each finished stroke on the device: a killed app shows the pad
as the customer left it (issue 16, 4), and clearing or signing leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

from fieldapp.application import Device
from fieldapp.ui.viewmodels.visit_model import VisitModel
from fieldapp.ui.viewmodels.visit_signature_model import pad_for
from tests.ui import test_visit_model
from tests.ui.test_visit_model import TICKET, loaded, run

phone = test_visit_model.phone  # a signed-in device with today's job (a fixture)


def draw(pad: object, points: list[tuple[float, float]]) -> None:
    x, y = points[0]
    pad.start(x, y)  # type: ignore[attr-defined]
    for x, y in points[1:]:
        pad.move(x, y)  # type: ignore[attr-defined]
    run(pad.stroke_ended())  # type: ignore[attr-defined]


def test_strokes_survive_a_restart_and_clearing_forgets_them(phone: Device, tmp_path: Path) -> None:
    model = loaded(phone)
    pad = pad_for(model.visit, "sign_off")
    draw(pad, [(10, 10), (40, 30), (80, 20)])
    draw(pad, [(20, 60), (90, 70)])
    assert len(pad.strokes) == 2

    # The app is killed: a new session opens the same sheet from the disk.
    store_dir, vault = phone.store_dir, phone.vault
    phone.close()
    reopened = Device(store_dir, vault=vault, clock=phone.clock)
    try:
        again = VisitModel(device=reopened, ticket_no=TICKET)
        run(again.load())
        kept = pad_for(again.visit, "sign_off")
        assert kept.strokes == [[(10, 10), (40, 30), (80, 20)], [(20, 60), (90, 70)]]
        run(kept.cleared())
        assert pad_for(again.visit, "sign_off").strokes == []
    finally:
        reopened.close()

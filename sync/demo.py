"""Demo data for ``fieldapp demo``: accounts, realistic work orders and loaner units.

Seeding is idempotent: accounts are added when missing, and the work orders and loaners only
into an empty database, so running the demo twice neither duplicates nor overwrites anything.
The serials are made with the real serial scheme from the models of the bundled catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldapp.domain.serial import make_serial
from fieldapp.domain.work_order import (
    CustomerType,
    NewCustomer,
    RegisteredProduct,
    Urgency,
)
from fieldapp.protocol.loaners import LoanerCreate
from fieldapp.protocol.work_orders import WorkOrderCreate
from fieldapp.reference import bundled_reference
from sync.core.config import Settings
from sync.core.db import Database, utcnow
from sync.crud.loaners import add_loaner
from sync.crud.users import create_user, user_by_username
from sync.crud.work_orders import assign_work_order, create_work_order
from sync.main import prepare_database
from sync.messages import configure as configure_messages
from sync.models.user import Role, UserCreate
from sync.models.work_order import WorkOrderRow

CENTRE = "上海浦东服务中心"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    display_name: str


ACCOUNTS = (
    DemoAccount("supervisor", "supervisor-demo", Role.SUPERVISOR, "王建国（主管）"),
    DemoAccount("clerk", "clerk-demo", Role.CLERK, "李静（文员）"),
    DemoAccount("admin", "admin-demo", Role.ADMIN, "系统管理员"),
    DemoAccount("tech1", "tech1-demo", Role.TECHNICIAN, "张伟"),
    DemoAccount("tech2", "tech2-demo", Role.TECHNICIAN, "刘洋"),
)

# (customer, phone, address, type, contract years, model, made, fault, urgency, technician)
_CALLS = (
    (
        "陈晓明",
        "13801234567",
        "上海市浦东新区张杨路 1500 号 12 楼",
        "consumer",
        None,
        "MH-P520",
        date(2025, 8, 1),
        "开机后画面偏暗，灯泡指示灯闪烁",
        "normal",
        "tech1",
    ),
    (
        "上海市第三中学",
        "021-58761234",
        "上海市浦东新区崂山路 620 号 教学楼 3 楼",
        "industry",
        3,
        "MH-D86",
        date(2024, 3, 1),
        "触摸屏左下角无反应，书写笔迹断续",
        "urgent",
        "tech1",
    ),
    (
        "赵丽华",
        "13916667788",
        "上海市徐汇区漕溪北路 88 号 1801 室",
        "consumer",
        None,
        "MH-P880",
        date(2025, 11, 1),
        "投影画面有规律的彩色条纹",
        "normal",
        "tech1",
    ),
    (
        "华信科技有限公司",
        "021-61234500",
        "上海市闵行区莘庄工业区春东路 505 号",
        "industry",
        2,
        "MH-E1200",
        date(2024, 9, 1),
        "设备运行约半小时后自动关机，风扇噪音大",
        "urgent",
        "tech2",
    ),
    (
        "孙建平",
        "13761112233",
        "上海市杨浦区国定路 335 号 5 号楼 402",
        "consumer",
        None,
        "MH-D65",
        date(2025, 5, 1),
        "遥控器无法操作，面板按键正常",
        "normal",
        "tech2",
    ),
    (
        "周敏",
        "15021234987",
        "上海市静安区南京西路 1266 号 2306 室",
        "consumer",
        None,
        "MH-P520",
        date(2024, 12, 1),
        "HDMI 接口接笔记本电脑无信号",
        "normal",
        "tech2",
    ),
    (
        "浦东新区图书馆",
        "021-38721000",
        "上海市浦东新区前程路 88 号 报告厅",
        "industry",
        3,
        "MH-E1200",
        date(2023, 6, 1),
        "开机无反应，电源指示灯不亮",
        "urgent",
        None,
    ),
    (
        "吴海燕",
        "13651239876",
        "上海市长宁区天山路 600 弄 3 号 1102",
        "consumer",
        None,
        "MH-D65",
        date(2025, 2, 1),
        "屏幕中部出现一条竖线",
        "normal",
        None,
    ),
    (
        "郑国强",
        "18917771234",
        "上海市宝山区牡丹江路 1211 号 6 楼",
        "consumer",
        None,
        "MH-P880",
        date(2025, 7, 1),
        "滤网报警无法消除",
        "normal",
        None,
    ),
    (
        "启明培训学校",
        "021-55123456",
        "上海市虹口区四川北路 1688 号 8 楼",
        "industry",
        1,
        "MH-D86",
        date(2025, 1, 1),
        "开机后系统反复重启",
        "normal",
        "tech1",
    ),
)


def seed_demo(settings: Settings) -> list[DemoAccount]:
    """Add the demo data that is missing; returns the demo accounts (with their passwords)."""
    database = Database(settings.resolved_database_url)
    prepare_database(database)
    configure_messages(settings)  # the demo's assignments queue messages with its links
    with database.transaction() as session:
        for account in ACCOUNTS:
            if user_by_username(session, username=account.username) is None:
                create_user(
                    session,
                    new=UserCreate(
                        username=account.username,
                        display_name=account.display_name,
                        role=account.role,
                        password=account.password,
                        service_centre=CENTRE,
                    ),
                )
        first_run = not session.scalar(select(func.count()).select_from(WorkOrderRow))
        # Every day the demo starts, it books that day's calls (their 报修单号 carry the day),
        # so the technician app's "today" always has jobs.
        today = utcnow().astimezone(settings.zone).date()
        booked_today = session.scalar(
            select(func.count())
            .select_from(WorkOrderRow)
            .where(WorkOrderRow.ticket_no.like(f"BX{today:%Y%m%d}-%"))
        )
        if not booked_today:
            _book_calls(session, settings)
        if first_run:
            _add_loaners(session)
    database.dispose()
    return list(ACCOUNTS)


def _book_calls(session: Session, settings: Settings) -> None:
    catalogue = bundled_reference().catalogue
    clerk = user_by_username(session, username="clerk")
    assert clerk is not None
    now = utcnow()
    # Appointments on the day the demo starts, so the technician app's "today" has jobs.
    morning = datetime.combine(now.astimezone(settings.zone).date(), time(9), settings.zone)
    for n, call in enumerate(_CALLS):
        name, phone, address, kind, years, model_code, made, fault, urgency, tech = call
        model = catalogue.model(model_code)
        assert model is not None
        brand = next(b for b in catalogue.brands if b.code == model.brand)
        appointment = morning + timedelta(minutes=50 * n)
        reported = min(now - timedelta(minutes=10), appointment - timedelta(hours=20 - n))
        order = create_work_order(
            session,
            new=WorkOrderCreate(
                customer=NewCustomer(
                    name=name,
                    phone=phone,
                    address=address,
                    customer_type=CustomerType(kind),
                    contract_warranty_years=years,
                ),
                product=RegisteredProduct(
                    brand=brand.name.zh,
                    model=model.code,
                    serial=make_serial(model.serial_prefix, made, 100 + 37 * n),
                    purchase_date=made + timedelta(days=45),
                ),
                reported_fault=fault,
                reported_at=reported,
                urgency=Urgency(urgency),
                appointment=appointment,
                service_centre=CENTRE,
            ),
            clerk=clerk,
            zone=settings.zone,
        )
        if tech is not None:
            technician = user_by_username(session, username=tech)
            assert technician is not None
            assign_work_order(session, row=order, technician=technician)


def _add_loaners(session: Session) -> None:
    for i, (code, prefix) in enumerate(
        (("MH-P520", "PJ52"), ("MH-P880", "PJ88"), ("MH-D65", "DP65"))
    ):
        add_loaner(
            session,
            new=LoanerCreate(
                serial=make_serial(prefix, date(2025, 1, 1), 90000 + i),
                model=code,
                service_centre=CENTRE,
                notes="备用机 / loaner",
            ),
        )


def demo_banner(settings: Settings, accounts: list[DemoAccount]) -> str:
    """What to print so a person can sign in."""
    url = f"http://{settings.host}:{settings.port}/api/v1"
    lines = [
        "",
        "演示账号 / demo accounts (POST " + url + "/auth/login):",
        f"  {'username':<12} {'password':<18} role",
    ]
    lines += [
        f"  {a.username:<12} {a.password:<18} {a.role.value} — {a.display_name}" for a in accounts
    ]
    lines.append(f"试一试 / try:  curl -s {url}/health")
    lines.append(
        f"  curl -s -X POST {url}/auth/login -H 'Content-Type: application/json' "
        '-d \'{"username":"supervisor","password":"supervisor-demo","device_id":"desk-1"}\''
    )
    return "\n".join(lines)

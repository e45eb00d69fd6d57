"""``fieldapp serve``, ``fieldapp demo`` and ``fieldapp user``: the service's console commands.

``serve`` runs the service; ``demo`` runs it on embedded defaults (an SQLite file in the data
directory) after adding demo accounts, work orders and loaners; ``user`` adds, lists and
disables accounts directly in the database.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from sync.core.config import Settings, listening_problem, load_settings

if TYPE_CHECKING:
    from sync.core.db import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve``, ``demo`` and ``user`` to the ``fieldapp`` command."""
    serve = subparsers.add_parser("serve", help="run the central queue service")
    _where(serve)
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8700)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (default 1; more for PostgreSQL)"
    )
    serve.set_defaults(handler=_serve)

    demo = subparsers.add_parser(
        "demo", help="run the service with demo accounts and work orders (SQLite in ./data)"
    )
    _where(demo)
    demo.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    demo.add_argument("--port", type=int, help="port (default 8700)")
    demo.add_argument("--seed-only", action="store_true", help="add the demo data and exit")
    demo.set_defaults(handler=_demo)

    user = subparsers.add_parser("user", help="add, list or disable service accounts")
    actions = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add an account")
    _where(add)
    add.add_argument("username")
    add.add_argument(
        "--role", required=True, choices=["technician", "supervisor", "clerk", "admin"]
    )
    add.add_argument("--name", required=True, help="display name, e.g. 张伟")
    add.add_argument("--centre", default="", help="service centre")
    add.add_argument("--password", help="the password (asked for when left out)")
    add.set_defaults(handler=_user_add)
    listing = actions.add_parser("list", help="list accounts")
    _where(listing)
    listing.set_defaults(handler=_user_list)
    disable = actions.add_parser("disable", help="disable an account (its tokens stop working)")
    _where(disable)
    disable.add_argument("username")
    disable.set_defaults(handler=_user_disable)


def _where(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db (env FIELDAPP_DATABASE_URL; "
        "default: an SQLite file in the data directory)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="data directory (env FIELDAPP_DATA_DIR; default ./data)"
    )


def settings_from(args: argparse.Namespace, **extra: object) -> Settings:
    """Settings from the environment and the command's arguments; exits on invalid ones."""
    try:
        return load_settings(
            database_url=getattr(args, "database_url", None),
            data_dir=getattr(args, "data_dir", None),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            **extra,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        sys.exit(f"设置有误 / invalid settings: {problems}")


def _serve(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    return run_service(settings, workers=max(1, args.workers))


def run_service(settings: Settings, banner: str = "", *, workers: int = 1) -> int:
    """Run the service in the foreground until interrupted."""
    import uvicorn

    from sync.core.db import Database
    from sync.core.logs import configure_logging
    from sync.main import create_app, prepare_database

    refused = listening_problem(settings)
    if refused is not None:
        sys.exit(refused)
    configure_logging(settings.log_level)
    if workers == 1:
        app: object = create_app(settings)
    else:
        # Migrate once here; the workers build their app from the same settings.
        database = Database(settings.resolved_database_url)
        prepare_database(database)
        database.dispose()
        os.environ.update(_as_environment(settings))
        app = "sync.main:app_from_environment"
    url = f"http://{settings.host}:{settings.port}"
    print(f"fieldapp 服务 / service: {url}/api/v1  (API docs: {url}/api/v1/docs)", flush=True)
    print(f"数据库 / database: {_safe_url(settings.resolved_database_url)}", flush=True)
    if banner:
        print(banner, flush=True)
    uvicorn.run(
        app,  # type: ignore[arg-type]
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        workers=workers,
        factory=workers > 1,
    )
    return 0


def _as_environment(settings: Settings) -> dict[str, str]:
    return {
        "FIELDAPP_ENV": settings.environment,
        "FIELDAPP_DATA_DIR": str(settings.data_dir),
        "FIELDAPP_DATABASE_URL": settings.resolved_database_url,
        "FIELDAPP_SECRET_KEY": settings.secret_key,
        "FIELDAPP_TOKEN_TTL_SECONDS": str(int(settings.token_ttl.total_seconds())),
        "FIELDAPP_TIMEZONE": settings.service_timezone,
        "FIELDAPP_LOG_LEVEL": settings.log_level,
        "FIELDAPP_LOGIN_FIRST_DELAY_SECONDS": str(settings.login_first_delay_seconds),
        # The progress page's address in messages, as the parent worked it out.
        "FIELDAPP_PUBLIC_URL": settings.page_url,
    }


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _demo(args: argparse.Namespace) -> int:
    from sync.demo import demo_banner, seed_demo

    settings = settings_from(args, environment="development")
    accounts = seed_demo(settings)
    banner = demo_banner(settings, accounts)
    if args.seed_only:
        print(banner)
        return 0
    return run_service(settings, banner)


def _database(args: argparse.Namespace) -> Database:
    from sync.core.db import Database
    from sync.main import prepare_database

    database = Database(settings_from(args).resolved_database_url)
    prepare_database(database)
    return database


def _user_add(args: argparse.Namespace) -> int:
    from sync.core.errors import ApiError
    from sync.crud.users import create_user
    from sync.models.user import Role, UserCreate

    password = args.password or getpass.getpass("密码 / password: ")
    try:
        new = UserCreate(
            username=args.username,
            display_name=args.name,
            role=Role(args.role),
            password=password,
            service_centre=args.centre,
        )
    except ValidationError as exc:
        from fieldapp.domain.validation import explain

        for problem in explain(exc, UserCreate):
            print(problem, file=sys.stderr)
        return 2
    database = _database(args)
    try:
        with database.transaction() as session:
            user = create_user(session, new=new)
            print(f"已添加 / added: {user.username} (id {user.id}, {user.role})")
    except ApiError as exc:
        print(f"{exc.message.zh} / {exc.message.en}", file=sys.stderr)
        return 1
    return 0


def _user_list(args: argparse.Namespace) -> int:
    from sync.crud.users import list_users

    database = _database(args)
    with database.session(write=False) as session:
        print(f"{'id':>4}  {'username':<20} {'role':<11} {'active':<7} name")
        for user in list_users(session):
            active = "yes" if user.active else "no"
            print(
                f"{user.id:>4}  {user.username:<20} {user.role:<11} {active:<7} {user.display_name}"
            )
    return 0


def _user_disable(args: argparse.Namespace) -> int:
    from sync.crud.users import set_active, user_by_username

    database = _database(args)
    with database.transaction() as session:
        user = user_by_username(session, username=args.username)
        if user is None:
            print(f"找不到用户 / no such user: {args.username}", file=sys.stderr)
            return 1
        set_active(session, user=user, active=False)
    print(f"已停用 / disabled: {args.username}")
    return 0

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.demo.loader import demo_loaded, load_department
from sites.demo import demo_school_users

# Where the demo administrator's generated password is kept between runs.
CREDENTIALS_FILE = Path(
    os.environ.get("DEMO_CREDENTIALS_FILE") or Path(settings.BASE_DIR) / ".demo-credentials"
)


class Command(BaseCommand):
    help = "Load Vietnamese demo content into an empty portal (does nothing on a second run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            help="Extra generated news articles, for benchmarks at scale.",
        )
        parser.add_argument("--admin-username", default="admin")

    def handle(self, *args, articles, admin_username, **options):
        if demo_loaded():
            self.stdout.write("Nội dung mẫu đã có sẵn, không nạp lại.")
        else:
            load_department(extra_articles=articles)
            self.stdout.write(self.style.SUCCESS("Đã nạp nội dung mẫu."))
        password = self.ensure_admin(admin_username)
        self.stdout.write(
            f"Trang quản trị: {settings.WAGTAILADMIN_BASE_URL}/admin/\n"
            f"  Tài khoản: {admin_username}\n"
            f"  Mật khẩu:  {password}"
        )
        if password and not password.startswith("("):
            for username, role, school in demo_school_users(password=password):
                self.stdout.write(
                    f"  {role.capitalize()} {school.name}: {username} / {password}"
                    f"  (trang: {school.site.root_url}/)"
                )

    def ensure_admin(self, username):
        """Create the demo administrator once; its password is kept in .demo-credentials."""
        users = get_user_model().objects
        if users.filter(username=username).exists():
            if CREDENTIALS_FILE.exists():
                return CREDENTIALS_FILE.read_text(encoding="utf-8").strip()
            return "(không đổi – đã đặt từ trước)"
        password = secrets.token_urlsafe(12)
        users.create_superuser(username=username, email="admin@localhost", password=password)
        CREDENTIALS_FILE.write_text(password + "\n", encoding="utf-8")
        CREDENTIALS_FILE.chmod(0o600)
        return password

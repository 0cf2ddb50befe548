from django.core.management.base import BaseCommand, CommandError

from sites.models import AdministrativeUnit, SchoolLevel, SchoolType
from sites.provisioning import ProvisioningError, SchoolData, school_provision


class Command(BaseCommand):
    help = "Create one school's website (pages, Site, collection, groups, workflow, settings)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--code", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--levels", required=True, help="Level codes, comma separated: C1,C2")
        parser.add_argument("--type", dest="school_type", required=True, help="Type code: cong-lap")
        parser.add_argument("--unit", required=True, help="Administrative unit code")
        for optional in ("address", "phone", "email", "principal"):
            parser.add_argument(f"--{optional}", default="")

    def handle(self, *args, **options):
        codes = [code.strip() for code in options["levels"].split(",") if code.strip()]
        levels = list(SchoolLevel.objects.filter(code__in=codes))
        if len(levels) != len(codes):
            raise CommandError(f"Mã cấp học không hợp lệ: {options['levels']}")
        try:
            school_type = SchoolType.objects.get(code=options["school_type"])
            unit = AdministrativeUnit.objects.get(code=options["unit"])
        except (SchoolType.DoesNotExist, AdministrativeUnit.DoesNotExist) as error:
            raise CommandError(
                f"Không tìm thấy loại hình hoặc đơn vị hành chính: {error}"
            ) from None
        data = SchoolData(
            name=options["name"],
            code=options["code"],
            slug=options["slug"],
            school_type=school_type,
            administrative_unit=unit,
            levels=levels,
            address=options["address"],
            phone=options["phone"],
            email=options["email"],
            principal=options["principal"],
        )
        try:
            school = school_provision(data=data)
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo trang của {school.name}: http://{school.hostname}/")
        )

from pathlib import Path

from django.core.management.base import BaseCommand

from sites.reference import load_json, reference_data_load

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "reference.json"


class Command(BaseCommand):
    help = "Load administrative units, school levels and school types (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(DEFAULT_FILE), help="A JSON file of the same shape."
        )

    def handle(self, *args, file, **options):
        counts = reference_data_load(data=load_json(file))
        self.stdout.write(
            f"Cấp học: {counts['levels']}, loại hình: {counts['types']}, "
            f"đơn vị hành chính: {counts['units']}."
        )

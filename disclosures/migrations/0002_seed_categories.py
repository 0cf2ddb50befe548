"""The categories of Circular 09/2024 and the annual report, with a first schedule.

Due dates and display periods are the department's to confirm: they are data,
editable in the admin (Công khai → Danh mục công khai).
"""

from django.db import migrations

# (slug, name, description, order, due day, due month, display days)
CATEGORIES = [
    ("thong-tin-chung", "Thông tin chung",
     "Tên trường, địa chỉ, điện thoại, thư điện tử, trang thông tin; loại hình, cơ quan quản lý; "
     "sứ mạng, tầm nhìn; quá trình hình thành; quyết định thành lập, hội đồng trường, hiệu trưởng; "
     "quy chế tổ chức, sơ đồ tổ chức; thông tin liên hệ của lãnh đạo.", 1, 30, 9, 30),
    ("dieu-kien-bao-dam-chat-luong", "Điều kiện bảo đảm chất lượng",
     "Đội ngũ theo vị trí việc làm và trình độ đào tạo, tỷ lệ đạt chuẩn; diện tích đất, sàn xây "
     "dựng bình quân trên học sinh; phòng học so với tiêu chuẩn tối thiểu; thiết bị, sách giáo "
     "khoa; kết quả tự đánh giá và kiểm định chất lượng.", 2, 30, 9, 30),
    ("tai-chinh", "Thu, chi tài chính",
     "Thu, chi của năm tài chính trước; học phí và các khoản thu khác (hiện hành và dự kiến); "
     "số dư các quỹ.", 3, 30, 9, 30),
    ("ke-hoach-tuyen-sinh", "Kế hoạch tuyển sinh",
     "Đối tượng, chỉ tiêu, phương thức và thời gian tuyển sinh.", 4, 31, 5, 30),
    ("bao-cao-thuong-nien", "Báo cáo thường niên",
     "Báo cáo thường niên của nhà trường về năm học.", 5, 31, 7, 30),
]  # fmt: skip


def seed(apps, schema_editor):
    Category = apps.get_model("disclosures", "DisclosureCategory")
    for slug, name, description, order, day, month, display in CATEGORIES:
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "sort_order": order,
                "due_day": day,
                "due_month": month,
                "display_days": display,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

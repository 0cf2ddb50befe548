"""The online meeting system of the department's plan (seed): one main bridge at the
department and fourteen at upper-secondary schools. `school` is the slug of the school's
site in the portal, when it has one."""

# (code, name, location, school slug)
BRIDGE_POINTS = [
    ("so-gddt", "Điểm cầu chính – Sở Giáo dục và Đào tạo", "Phòng họp trực tuyến, Sở GDĐT", ""),
    ("thpt-chuyen-le-khiet", "Điểm cầu Trường THPT chuyên Lê Khiết", "Phường Nghĩa Lộ", "thpt-chuyen-le-khiet"),
    ("thpt-son-my", "Điểm cầu Trường THPT Sơn Mỹ", "Xã Sơn Tịnh", "thpt-son-my"),
    ("thpt-ba-to", "Điểm cầu Trường THPT Ba Tơ", "Xã Ba Tơ", "thpt-ba-to"),
    ("thpt-tran-quoc-tuan", "Điểm cầu Trường THPT Trần Quốc Tuấn", "Phường Cẩm Thành", ""),
    ("thpt-le-trung-dinh", "Điểm cầu Trường THPT Lê Trung Đình", "Phường Trương Quang Trọng", ""),
    ("thpt-binh-son", "Điểm cầu Trường THPT Bình Sơn", "Xã Bình Sơn", ""),
    ("thpt-van-tuong", "Điểm cầu Trường THPT Vạn Tường", "Xã Vạn Tường", ""),
    ("thpt-so-1-tu-nghia", "Điểm cầu Trường THPT số 1 Tư Nghĩa", "Xã Tư Nghĩa", ""),
    ("thpt-so-1-nghia-hanh", "Điểm cầu Trường THPT số 1 Nghĩa Hành", "Xã Nghĩa Hành", ""),
    ("thpt-so-1-mo-duc", "Điểm cầu Trường THPT số 1 Mộ Đức", "Xã Mộ Đức", ""),
    ("thpt-so-1-duc-pho", "Điểm cầu Trường THPT số 1 Đức Phổ", "Phường Đức Phổ", ""),
    ("thpt-son-ha", "Điểm cầu Trường THPT Sơn Hà", "Xã Sơn Hà", ""),
    ("thpt-tra-bong", "Điểm cầu Trường THPT Trà Bồng", "Xã Trà Bồng", ""),
    ("thpt-ly-son", "Điểm cầu Trường THPT Lý Sơn", "Đặc khu Lý Sơn", ""),
]  # fmt: skip

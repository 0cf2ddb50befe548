from search.text import fold_with_offsets, folded_document, highlight, parse_query


def test_folding_covers_vietnamese_letters_and_d_stroke():
    assert folded_document("Đăng ký TUYỂN SINH lớp 10") == " dang ky tuyen sinh lop 10 "
    folded, offsets = fold_with_offsets("Đổi")
    assert folded == "doi" and offsets == [0, 1, 2]


def test_query_parsing_keeps_phrases_and_drops_duplicates():
    parsed = parse_query('"Lớp 10" tuyen Tuyển sinh "')
    assert parsed.phrases == (("lop", "10"),)
    assert parsed.terms == ("tuyen", "sinh")
    assert not parse_query('  " ! ? "  ')


def test_highlight_marks_the_original_accented_words():
    text = "Sở thông báo. Học sinh đăng ký dự thi <b>trực tuyến</b> trước ngày 15."
    snippet = str(highlight(text, parse_query("dang ky")))
    assert "<mark>đăng ký</mark>" in snippet
    assert "&lt;b&gt;" in snippet  # the text is escaped, never injected


def test_highlight_starts_near_the_match_in_long_text():
    text = "mở đầu " * 100 + "Kế hoạch tuyển sinh lớp 10" + " kết thúc" * 100
    snippet = str(highlight(text, parse_query('"lop 10"')))
    assert snippet.startswith("…")
    assert "<mark>lớp 10</mark>" in snippet

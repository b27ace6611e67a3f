import io

from newscrawl.exporters import JsonCellCsvItemExporter, read_csv_records
from newscrawl.items import ARTICLE_FIELDS, Article


def test_csv_cells_read_back_into_the_same_record(tmp_path):
    article = Article(id="18261853", url="https://www.trtworld.com/article/18261853", title='Say "no", again',
                      subtitle=None, authors=["Ali Topchi", "Doe, Jane"], reading_time_minutes=3,
                      body="First, para.\n\nSecond \"quoted\" para.", word_count=5,
                      related=[{"title": "Türkiye, Qatar talks", "url": "https://trt.global/world/article/7c1f0e2d9a44"}],
                      tags=[], language="en", crawled_at="2026-11-26T10:00:00+00:00",
                      provenance={"title": "jsonld"})
    buffer = io.BytesIO()
    exporter = JsonCellCsvItemExporter(buffer, fields_to_export=list(ARTICLE_FIELDS), encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(article)
    exporter.finish_exporting()
    path = tmp_path / "out.csv"
    path.write_bytes(buffer.getvalue())
    [record] = list(read_csv_records(path))
    expected = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    assert record == expected
    assert list(record) == list(ARTICLE_FIELDS)
    assert '"[""Ali Topchi"", ""Doe, Jane""]"' in path.read_text(encoding="utf-8")

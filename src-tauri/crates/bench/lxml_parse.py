"""Reference: Python lxml iterparse over the same feed, extracting the same fields.

Usage: python3 lxml_parse.py FEED.xml  ->  prints {"items": N, "wall_s": .., "cpu_s": ..}
"""
import json
import sys
import time

from lxml import etree

G = "{http://base.google.com/ns/1.0}"
FIELDS = ["id", "title", "description", "link", "image_link", "price", "sale_price",
          "availability", "item_group_id", "brand", "gtin", "mpn"]


def main(path):
    wall, cpu = time.perf_counter(), time.process_time()
    items = 0
    for _event, elem in etree.iterparse(path, events=("end",), tag=("item", "entry")):
        record = {}
        for name in FIELDS:
            value = elem.findtext(G + name)
            if value is None:
                value = elem.findtext(name)
            record[name] = value.strip() if value else None
        extra = [e.text for e in elem.findall(G + "additional_image_link")]
        if record["id"] and record["price"]:
            items += 1
        elem.clear()
        while elem.getprevious() is not None:
            del elem.getparent()[0]
    print(json.dumps({"items": items, "wall_s": time.perf_counter() - wall,
                      "cpu_s": time.process_time() - cpu}))


if __name__ == "__main__":
    main(sys.argv[1])

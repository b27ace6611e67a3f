# What scrapyd-deploy builds its egg from: the newscrawl package and its data, never tests/.
from setuptools import find_packages, setup

setup(
    name="newscrawl",
    version="0.1.0",
    description="Crawls TRT World into a clean dataset of news articles",
    python_requires=">=3.11",
    packages=find_packages(exclude=["tests", "tests.*", "benchmarks", "benchmarks.*"]),
    include_package_data=True,
    package_data={"newscrawl.schema": ["*.json"]},
    entry_points={"scrapy": ["settings = newscrawl.settings"]},
)

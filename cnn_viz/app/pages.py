"""The page registry: the menu and the lesson, in order. The router, the presenter's walk
and the tests all read this one list."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    id: str
    script: str  # relative to the repository root
    url_path: str  # the address: today's bookmarks (pages/2_Convolution.py -> /Convolution) keep working
    title_key: str  # the menu title, translated
    icon: str
    lesson: str | None = None  # the session key the presenter's Next / Back steps through on this page
    walk: bool = True  # part of the lesson the presenter walks (the students' Live class page is not)
    asks: tuple = ()  # the kinds of live question the page may offer (cnn_viz.live.questions.KINDS)


PAGES = (
    Page("home", "pages/0_Home.py", "", "nav.home", "🏠"),
    Page("image", "pages/1_Image_as_numbers.py", "Image_as_numbers", "nav.image", "🔢"),
    Page(
        "conv",
        "pages/2_Convolution.py",
        "Convolution",
        "nav.conv",
        "🧮",
        lesson="conv_step",
        asks=("conv_value", "conv_size", "trap_same_filter", "trap_bias"),
    ),
    Page(
        "pool",
        "pages/3_Pooling.py",
        "Pooling",
        "nav.pool",
        "🧊",
        lesson="pool_step",
        asks=("pool_max", "pool_average", "trap_pool_stride"),
    ),
    Page("data", "pages/4_Data.py", "Data", "nav.data", "🗂️"),
    Page(
        "maps",
        "pages/5_Feature_maps.py",
        "Feature_maps",
        "nav.maps",
        "🗺️",
        lesson="fm_layer",
        asks=("predict", "look", "zero_maps", "excites_none", "excites_synthetic", "excites_natural"),
    ),
    Page(
        "cell", "pages/6_Inside_a_cell.py", "Inside_a_cell", "nav.cell", "🔬", lesson="cell_step", asks=("field_size",)
    ),
    Page("predict", "pages/7_Prediction.py", "Prediction", "nav.predict", "🎯", asks=("predict", "look")),
    Page("why", "pages/8_Why_this_class.py", "Why_this_class", "nav.why", "🔍", asks=("predict", "look")),
    Page("report", "pages/9_Model_report.py", "Model_report", "nav.report", "📈", asks=("epoch_accuracy",)),
    Page("own", "pages/11_Own_model.py", "Own_model", "nav.own", "🧩"),
    Page("teach", "pages/12_Teach.py", "Teach", "nav.teach", "🎓"),
    Page("live", "pages/10_Live_class.py", "Live_class", "nav.live", "📱", walk=False),
    Page("plan", "pages/13_Lesson_plan.py", "Lesson_plan", "nav.plan", "🗒️", walk=False),
)
BY_ID = {p.id: p for p in PAGES}
LESSON = tuple(p for p in PAGES if p.walk)  # the presenter's walk, in order

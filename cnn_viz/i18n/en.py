"""English strings, ordered like the menu: shared words first, then each page. Keys are shared with
zh.py; {names} are filled in by the caller; a dict is a plural (see cnn_viz.i18n.text)."""

STRINGS = {
    # ------------------------------------------------------------ the menu
    "nav.home": "Home",
    "nav.image": "Image as numbers",
    "nav.conv": "Convolution",
    "nav.pool": "Pooling",
    "nav.data": "The data: CIFAR-10",
    "nav.maps": "Feature maps",
    "nav.cell": "Inside a cell",
    "nav.predict": "Prediction",
    "nav.why": "Why this class?",
    "nav.teach": "Teach it a class",
    "nav.live": "Live class",
    "nav.plan": "Lesson plan",
    "nav.report": "Model report",
    "nav.own": "Your own model",
    # ------------------------------------------------------------ every page: toolbar, frame, messages
    "ui.language": "Language",
    "ui.presenter": "Presenter mode",
    "ui.presenter_help": "Large type and figures for a projector, and one Next button that walks the lesson.",
    "ui.back": "◀ Back",
    "ui.next": "Next ▶",
    "ui.play": "Play",
    "ui.speed": "Seconds per step",
    "ui.play_quiz": "Play is off while the quiz asks for every value.",
    "ui.lesson_back": "◀ Back",
    "ui.reveal_first": "A live question is open: Reveal it first (its answer would show further on).",
    "ui.lesson_next": "Next ▶",
    "ui.lesson_where": "{page} · {step}",
    "ui.next_lesson": "Next: {title}",
    "ui.refused_value": "A control sent a value it cannot take, so it is back at its default.",
    "list.separator": ", ",
    "http.no_such_page": "No such page",
    "http.no_such_page_text": "CNN Viz has no page at {path}. These are its pages:",
    "conn.title": "The connection to the server is lost",
    "conn.text": "This page stays as it is and reconnects by itself when the network or the server is back. "
    "Nothing you set is lost: the address bar holds it.",
    "asset.missing": "This part needs the file {file}, which this server cannot read, so it is left out; "
    "the rest of the page works.",
    "model.unavailable": "The trained model could not be loaded ({file} is missing or damaged), so this page "
    "cannot show the network; the lessons on pictures, convolution and pooling work without it, and "
    "`python -m cnn_viz train --data-dir ../shared/cifar10 --epochs 40 --augment` rebuilds it.",
    # ------------------------------------------------------------ the current picture and its sources
    "src.header": "Your picture",
    "src.where": "Where from?",
    "src.sample": "Sample gallery",
    "src.upload": "Upload",
    "src.draw": "Draw",
    "src.camera": "Camera",
    "src.sample_label": "CIFAR-10 test image",
    "src.sample_option": "{cls} #{n}",
    "src.too_big_browser": "This picture is larger than {mb} MB, the most a picture here can be, so your browser "
    "did not send it.",
    "src.upload_label": "Upload a picture (PNG, JPEG, GIF, WebP, BMP, TIFF; up to 10 MB)",
    # the app's uploader (uploader.py): every uploader's own words
    "upload.choose": "Choose a file",
    "upload.choose_many": "Choose files",
    "upload.drop_one": "or drop it here",
    "upload.drop_many": "or drop them here",
    "upload.per_file": "up to {size} per file",
    "upload.sep": ", ",
    "upload.too_big": "This file is larger than {size}, the most this box takes, so your browser did not send it.",
    "upload.wrong_type": "This box takes {types} files only, so your browser did not send this one.",
    "upload.one_only": "This box takes one file at a time, so only {name} was sent.",
    "upload.again": "{name} is here already.",
    "upload.too_many": "This box holds at most {most} files, so these were not sent: {names}.",
    "upload.named": "{name}: {why}",
    "upload.sending": "Sending {name}…",
    "upload.arrived": "Sent: {name}.",
    "upload.failed": "The file did not arrive (the connection broke). Choose it again.",
    "upload.gone": "The page lost its place on the server (it restarted, or the page was away). Choose the file again.",
    "upload.remove": "Remove {name}",
    "upload.bytes": "{n} bytes",
    "upload.removed": "Removed: {name}.",
    "src.camera_label": "Take a picture",
    "src.colour": "Colour",
    "src.brush": "Brush width",
    "src.clear": "Clear",
    "src.use": "Use drawing",
    "src.empty_canvas": "The canvas is empty: draw something first.",
    "src.kept": "The previous picture is still in use.",
    "src.no_gallery": "The sample pictures are not on this server: upload a picture, take one or draw one, "
    "or use one of the pictures below.",
    "gallery.missing": "The sample pictures are not on this server, so none can be shown here.",
    "src.reading": "Reading your picture…",
    "src.caption_sample": "sample {cls} #{n} (a CIFAR-10 test picture)",
    "src.caption_upload": "your upload",
    "src.caption_camera": "your photo",
    "src.caption_drawing": "your drawing",
    # ------------------------------------------------------------ refused pictures (one sentence each)
    "err.empty": "The file is empty: please choose a picture file.",
    "err.file_too_big": "This file is {mb} MB, more than the {limit} MB a picture here may be: "
    "please use a smaller version.",
    "err.heic": "HEIC and AVIF photos are not supported: please save it as JPEG or PNG and use that.",
    "err.bomb": "This image has too many pixels to open safely: please use a smaller version.",
    "err.not_image": "This file is not a picture CNN Viz can read: please use a PNG, JPEG, GIF, WebP, "
    "BMP or TIFF picture.",
    "err.damaged": "This picture is damaged or cut off, so it could not be read: please save it again "
    "and use the new file.",
    "err.no_pixels": "This picture has no pixels: please use another one.",
    "err.let_go": "This picture was let go before it could be read, while others waited: please add it again.",
    "err.too_big": "This picture is {width:,} x {height:,} pixels, more than the {limit} megapixels "
    "CNN Viz opens: please use a smaller version.",
    "editor.empty": "An empty cell counts as 0.",
    "editor.limit": "Numbers here are limited to ±{limit}.",
    # ------------------------------------------------------------ CIFAR-10 classes
    "class.airplane": "airplane",
    "class.automobile": "automobile",
    "class.bird": "bird",
    "class.cat": "cat",
    "class.deer": "deer",
    "class.dog": "dog",
    "class.frog": "frog",
    "class.horse": "horse",
    "class.ship": "ship",
    "class.truck": "truck",
    # ------------------------------------------------------------ words figures write themselves
    "fig.row": "row",
    "fig.column": "column",
    "fig.value": "value",
    "fig.map": "map",
    "fig.red": "red",
    "fig.green": "green",
    "fig.blue": "blue",
    "fig.pipeline": "The network, stage by stage: a 32 x 32 picture in, ten class scores out",
    "fig.stage.image": "image",
    "fig.stage.conv": "convolution",
    "fig.stage.pool": "pooling",
    "fig.stage.flatten": "flatten",
    "fig.stage.dense": "fully connected",
    "fig.pipeline_swipe": "← Swipe the figure sideways to see every stage →",
    "fig.stage.classes": "ten classes",
    "fig.probability_axis": "probability (%)",
    "fig.true_suffix": " (true class)",
    "fig.epoch": "epoch",
    "fig.training": "training",
    "fig.test": "test",
    "fig.predicted": "predicted class",
    "fig.true": "true class",
    "fig.confusion_hover": "true {true}, predicted {predicted}: {count}",
    "fig.keys_help": "Use the arrow keys to move over the cells, and Enter to choose one.",
    "fig.keys_cell": "row {row}, column {col}",
    "fig.sr_field": "the cell's receptive field: rows {top} to {bottom}, columns {left} to {right}",
    "fig.sr_sep": "; ",
    "fig.sr_figure": "figure",
    "fig.sr_matrix": "a {rows} × {cols} matrix",
    "fig.sr_size": "{rows} × {cols} values from {lo} to {hi}",
    "fig.sr_strongest": "strongest {k} × {k} region: {where}, {share} of the total",
    "fig.sr_none_above": "none above 0",
    "fig.sr_x": "x",
    "fig.sr_units": "{n} values from {lo} to {hi}; the largest: {top}",
    "fig.place.upper_left": "upper left",
    "fig.place.top": "top",
    "fig.place.upper_right": "upper right",
    "fig.place.left": "left",
    "fig.place.centre": "centre",
    "fig.place.right": "right",
    "fig.place.lower_left": "lower left",
    "fig.place.bottom": "bottom",
    "fig.place.lower_right": "lower right",
    # ------------------------------------------------------------ the quiz (Convolution and Pooling)
    "quiz.toggle": "Quiz me",
    "quiz.help": "Guess each number before it is shown.",
    "quiz.ask_cell": "Your turn: what value goes into output cell row {row}, column {col}?",
    "quiz.ask_size": "Your turn: how many rows (and columns) will the output have?",
    "quiz.ask_pool": "Your turn: what does {mode} pooling give for this window?",
    "quiz.answer": "Your answer",
    "quiz.check": "Check",
    "quiz.size_first": "Answer the output size above first: the output grid would give it away.",
    "quiz.right": "Right: it is {value}.",
    "quiz.wrong": "Not quite: you said {answer}, it is {value}.",
    "quiz.no_answer": "Type a number first.",
    # ------------------------------------------------------------ Home
    "home.title": "How a convolutional network sees a picture",
    "home.intro": "A small convolutional neural network (CNN), trained on 50,000 tiny photos, sorts any "
    "picture into one of ten classes. This app follows one picture all the way through it. "
    "Every number you see is computed live, by the same code the lessons let you step through.",
    "home.card.image": "A colour picture is stored as three grids of numbers, one each for red, green and blue. "
    "The network sees nothing else: 32 x 32 pixels, three values each, scaled from 0-255 to 0-1.",
    "home.card.conv": "A small filter slides over the picture. At every position it multiplies the pixels under "
    "it by its weights and adds everything up, over all three colours, giving one number. The "
    "grid of those numbers is smaller than the picture and shows where the filter's pattern is.",
    "home.card.pool": "Pooling shrinks a grid further by keeping only the largest value (or the mean) of each "
    "small window. What matters survives; small noise and exact positions matter less.",
    "home.card.data": "The 60,000 small labelled pictures the network learned from, how they are split "
    "into training and test, and the numbers the network actually receives.",
    "home.card.maps": "Three convolutions and two poolings turn your 32x32x3 picture into 64 small 4x4 maps. "
    "See every map for your own picture.",
    "home.card.cell": "Click any cell of any layer and follow it down to the pixels it sees: the real "
    "network's window, filter, products, sums and bias, step by step, and the training patches that excite "
    "each map most.",
    "home.card.predict": "The last maps are flattened into 1,024 numbers; two fully connected layers turn them into "
    "ten scores, and softmax turns the scores into probabilities.",
    "home.card.why": "What in your picture drove each class score (Grad-CAM, occlusion, the input gradient), "
    "which training pictures it resembles, why the network is sure even of noise, and the "
    "smallest change that fools it.",
    "home.card.live": "For a class: the teacher starts a room in presenter mode, students join on their "
    "phones and answer questions about the step on screen; the projector shows their answers as they arrive.",
    "home.card.own": "Trained a small CNN in Keras? Open its .keras file and see its layers, its answer and "
    "every map it computes.",
    "home.card.plan": "For a teacher before class: choose the picture, the steps and where the class answers a "
    "question; send the plan as a link, walk it with Next, and print its worksheet.",
    "home.card.teach": "Show the network a few pictures of something it never learned, a mascot or a pencil case, "
    "and watch "
    "a new last layer learn it.",
    "home.card.report": "Training curves, the confusion matrix and the pictures the model gets wrong, measured on "
    "10,000 test pictures it never trained on.",
    "home.dense.header": "Why not connect every pixel to every neuron?",
    "home.dense.text": "A fully connected layer gives every neuron one weight per input number. For pictures "
    "that adds up fast; convolution instead reuses one small filter everywhere in the picture.",
    "home.width": "Picture width (pixels)",
    "home.height": "Picture height (pixels)",
    "home.channels": "Colour channels",
    "home.neurons": "Neurons in the first hidden layer",
    "home.weights_metric": "Weights for each neuron",
    "home.weights_help": "width x height x channels",
    "home.dense_result": "{width:,} x {height:,} x {channels} = **{inputs:,} inputs**, so each of the "
    "{neurons:,} neurons needs {inputs:,} weights: **{total:,} weights** in the first "
    "layer alone. The first convolution layer of the network here has 32 filters of "
    "3 x 3 x 3 weights plus one bias each: 896 parameters, whatever the size of the picture.",
    # ------------------------------------------------------------ Image as numbers
    "img.title": "A picture is three matrices",
    "img.pick": "Pick a picture in the sidebar: a sample, your own upload, a drawing or a camera shot.",
    "img.h1": "1 · What the network gets to see",
    "img.original": "Your picture: {width} x {height} pixels",
    "img.original_shrunk": "Your picture: {file_w:,} x {file_h:,} pixels, kept here at {width} x {height}",
    "img.cropped": "Centre square: {side} x {side}",
    "img.resized": "Resized to 32 x 32: the network's input",
    "img.why": "The network was trained on 32 x 32 pictures, so every picture is cut to its centre square "
    "and shrunk to 32 x 32 pixels. A lot of detail is lost: that is all the network has.",
    "img.h2": "2 · Three matrices: red, green and blue",
    "img.values": "Values",
    "img.values_255": "0-255 (as stored)",
    "img.values_01": "0-1 (divided by 255, as the network gets them)",
    "img.region_row": "Zoom region: first row",
    "img.region_col": "Zoom region: first column",
    "img.channel_title": "{channel}",
    "img.hover_note": "Hover anywhere for a pixel's value. The magenta square marks rows {top}-{bottom} and "
    "columns {left}-{right}, written out below each channel.",
    "img.h3": "3 · The smallest example: a 3 x 3 picture",
    "img.small_text": "Nine pixels, three numbers each: three 3 x 3 matrices. Each pixel's colour is the mix "
    "of its red, green and blue values, from 0 (none) to 255 (full).",
    "img.small_caption": "3 x 3 pixels, enlarged",
    "img.scaled_note": "Divided by 255, the same numbers lie between 0 and 1; networks learn better from "
    "small inputs of a similar range.",
    # ------------------------------------------------------------ Convolution
    "conv.h4": "4 · The same filter on your picture",
    "conv.picture_text": "The filter above, {k} x {k} on each colour channel with its bias, stride {s} and "
    "padding {p}, now slides over your 32 x 32 picture (values 0-255): {rows} x {cols} outputs, each made "
    "exactly like the one in the step above. Change the filter or its numbers and this map follows.",
    "conv.picture_title": "your picture through the filter, {rows} x {cols}",
    "conv.picture.edited": "This is your edited filter: compare the map with the preset's to see what your "
    "numbers changed.",
    "conv.picture.article": "The article's filter mixes the three channels with different signs, so it "
    "responds to colour as much as to shape.",
    "conv.picture.vertical-edge": "Vertical edge: left of centre counts +1, right of it -1. Where the picture "
    "is brighter on the left of a vertical edge the output is orange, brighter on the right blue; flat "
    "areas give about 0 (white).",
    "conv.picture.horizontal-edge": "Horizontal edge: the same idea turned: above counts +1, below -1, so "
    "horizontal edges light up and vertical ones vanish.",
    "conv.picture.blur": "Blur: every weight is the same, so each output is an average of its window: the "
    "picture comes out softer, in grey (the three channels are added).",
    "conv.picture.sharpen": "Sharpen: the centre counts much more than its neighbours, so outputs change "
    "most where a pixel differs from those around it: edges and texture.",
    "conv.picture.identity": "Identity: only the centre counts, so the output is the picture itself, its "
    "three channels added.",
    "conv.title": "Convolution: a filter slides over the picture",
    "conv.intro": "The article's example: a 4 x 4 picture with three colour channels and one 2 x 2 filter per "
    "channel. At each position, multiply every pixel under the filter by the filter's weight and "
    "add all products of all three channels (plus a bias): that sum is one output value. Then "
    "move one pixel on (the stride) and repeat.",
    "conv.h1": "1 · The numbers",
    "conv.filter": "Filter",
    "conv.k": "Kernel size",
    "conv.s": "Stride",
    "conv.p": "Padding",
    "conv.reset": "Reset to the article",
    "conv.edit": "Edit the picture and the filter",
    "conv.edit_picture": "picture, {channel}",
    "conv.edit_filter": "filter, {channel}",
    "conv.bias": "Bias (added to every output value)",
    "conv.h2": "2 · How big is the output?",
    "conv.size_text": "A {n} x {n} picture, a {k} x {k} filter, stride {s} and padding {p} give a "
    "**{out} x {out}** output: one value for each position of the filter.",
    "conv.no_fit": "A {k} x {k} filter does not fit in a {n} x {n} picture with padding {p}: the padded "
    "picture ({padded} x {padded}) must be at least as large as the filter. Make the kernel "
    "smaller or add padding.",
    "conv.uneven": {
        "count": "rest",
        "one": "The stride does not divide evenly: the filter cannot take another full step, so the last "
        "row and the last column are never covered.",
        "other": "The stride does not divide evenly: the filter cannot take another full step, so the last "
        "{rest} rows and {rest} columns are never covered.",
    },
    "conv.h3": "3 · Step by step",
    "conv.position": "Output position",
    "conv.where": "Output position **row {row}, column {col}**: the filter covers rows {top}-{bottom} and "
    "columns {left}-{right}.",
    "conv.where_padded": "Output position **row {row}, column {col}**: the filter covers rows {top}-{bottom} "
    "and columns {left}-{right} of the padded picture (the zeros around it are the padding).",
    "conv.channel_title": "{channel} channel",
    "conv.times_filter": "× filter",
    "conv.products": "= products",
    "conv.sum_line": "**{channel}:** {terms} = **{total}**",
    "conv.output_line": "**Output** = {sums} + bias {bias} = **{total}**",
    "conv.output_title": "Output, {rows} x {cols}",
    "conv.caption": "Keras' Conv2D and TensorFlow's tf.nn.conv2d compute exactly this sum (strictly a "
    "cross-correlation: the filter is not flipped). The same code runs the trained network on "
    "the Feature maps page.",
    "preset.article": "the article's example",
    "preset.vertical-edge": "vertical edge",
    "preset.horizontal-edge": "horizontal edge",
    "preset.blur": "blur",
    "preset.sharpen": "sharpen",
    "preset.identity": "identity",
    # ------------------------------------------------------------ Pooling
    "pool.title": "Pooling: keep what matters, make it smaller",
    "pool.intro": "Pooling looks at small windows of a matrix and keeps one number per window: the largest "
    "(max pooling) or the mean (average pooling). The input here is the 3 x 3 output of the "
    "article's convolution; a 2 x 2 window moved one cell at a time gives a 2 x 2 result.",
    "pool.h1": "1 · The numbers",
    "pool.window": "Window",
    "pool.stride": "Stride",
    "pool.show": "Show",
    "pool.show.both": "Max and average",
    "pool.show.max": "Max",
    "pool.show.average": "Average",
    "pool.reset": "Reset to the article",
    "pool.edit": "Edit the input matrix",
    "pool.edit_label": "input (the convolution's output)",
    "pool.no_fit": "A window of {size} does not fit in a {n} x {n} matrix: make the window smaller.",
    "pool.why_stride": "Why stride 1? Keras' MaxPooling2D moves the window by its own size unless told "
    "otherwise (stride = window = {size}); on this {n} x {n} matrix that gives only "
    "{keras_out} x {keras_out}. The article moves it one cell at a time, so more windows fit. "
    "The trained network later uses Keras' default: 2 x 2 windows, stride 2, halving each map.",
    "pool.h2": "2 · Step by step",
    "pool.position": "Window",
    "pool.max_title": "Max pooling",
    "pool.average_title": "Average pooling",
    "pool.input_title": "input",
    "pool.output_title": "output, {rows} x {cols}",
    "pool.max_line": "max({values}) = **{value}** (the cell framed in green)",
    "pool.average_line": "({values}) / {count} = {total} / {count} = **{value}**",
    "pool.h3": "3 · Why pool?",
    "pool.why": "The output is smaller, so the next layers have fewer numbers to work with and fewer weights "
    "to learn. Max pooling keeps the strongest response in each window, so a feature still counts "
    "if it moved by a pixel; small noisy values that are never the largest simply vanish. Average "
    "pooling smooths instead: a single noisy value is diluted by its neighbours.",
    "pool.mode.max": "max",
    "pool.mode.average": "average",
    # ------------------------------------------------------------ The data: CIFAR-10
    "data.title": "What the network learned from: CIFAR-10",
    "data.intro": "Before it could classify anything, the network looked at tens of thousands of labelled "
    "pictures. They come from CIFAR-10, a data set collected for exactly this kind of experiment.",
    "data.m_pictures": "colour pictures",
    "data.m_size": "pixels x channels",
    "data.m_classes": "classes x pictures",
    "data.m_split": "training / test",
    "data.split_text": "The network learns its weights from the 50,000 training pictures only. The 10,000 test "
    "pictures are kept apart: the accuracy reported on the Model report page is measured on them, so it "
    "says how the network does on pictures it has never seen.",
    "data.h1": "1 · One training picture of each class",
    "data.first_caption": "The first training picture of each class, in the order this app's copy of "
    "CIFAR-10 keeps them (class by class). Each is only 32 x 32 pixels, enlarged here.",
    "data.h2": "2 · A few test pictures per class",
    "data.test_caption": "{n} of the shipped samples per class: small, centred, whole objects. Pictures "
    "unlike these (a close-up, a drawing, a screenshot) are harder for the network.",
    "data.h3": "3 · What the network receives",
    "data.example_caption": "a training picture ({cls})",
    "data.scaling": "Its top-left pixel is red {r}, green {g}, blue {b}. Before training, every value is "
    "divided by 255: {r} / 255 {sign} {sr}, {g} / 255 {sign} {sg}, {b} / 255 {sign} {sb}.",
    "data.scaling_range": "So all 3,072 numbers of a picture lie between 0 and 1. Numbers on a common small "
    "scale make training steadier than raw 0-255 values.",
    "data.copy_note": "The copy used here was re-encoded as JPEG, so its pixel values differ slightly from "
    "the original release; labels and the split are the standard ones. Accuracy figures in this app are "
    "measured on this copy.",
    "data.CIFAR-10 JPEG copy": "CIFAR-10 JPEG copy",
    "data.CIFAR-10 (keras.datasets download)": "CIFAR-10 (keras.datasets download)",
    "data.test_split": "the {source}'s test split ({n:,} pictures)",
    # ------------------------------------------------------------ Feature maps
    "maps.title": "Your picture through every layer",
    "maps.intro": "Each convolution layer has many filters; each filter makes one feature map, a grid showing "
    "where its pattern appears. Bright means a strong response. These maps are computed right "
    "now, for your picture, by the same convolution and pooling code as the lessons. "
    "Layer names below: conv1 to conv3 are the convolution layers, pool1 and pool2 the pooling "
    "layers, flatten lays the maps out in one row, dense is the fully connected layer and logits the "
    "ten class scores.",
    "maps.all_zero": "Every value of this map is 0: ReLU set them all to zero, because this filter found "
    "nothing of its pattern anywhere in your picture.",
    "maps.silent_maps": {
        "count": "n",
        "one": "{n} of these {total} maps is all 0 for this picture (its filter found nothing).",
        "other": "{n} of these {total} maps are all 0 for this picture (their filters found nothing).",
    },
    "maps.h1": "1 · The shapes, layer by layer",
    "maps.col_layer": "layer",
    "maps.col_shape": "output shape",
    "maps.col_params": "parameters",
    "maps.input": "input",
    "maps.params_line": "Parameters: {terms} = **{total}**",
    "maps.h2": "2 · The feature maps",
    "maps.pill.flatten": "flatten",
    "maps.pill.dense": "dense",
    "maps.pill.logits": "logits",
    "maps.layer": "Layer",
    "maps.shared": "One colour scale for all maps",
    "maps.shared_help": "Off: each map is stretched to its own range, to show its pattern.",
    "maps.click_map": "Click a map to see it up close below.",
    "maps.grid_caption": {
        "count": "n",
        "one": "{layer}: {n} map of {h} x {w}. Hover for its lowest and highest value.",
        "other": "{layer}: {n} maps of {h} x {w}, each numbered. Hover for a map's lowest and highest value.",
    },
    "maps.logits_title": "logits: one score per class",
    "maps.vector_title": "{layer}: {n} numbers",
    "maps.flatten_note": "Flatten lays the 4 x 4 x 64 maps of conv3 out as one row of 1,024 numbers. Nothing "
    "is lost; only the arrangement changes, so the dense layers can take them.",
    "maps.toy_title": "First, the article's small example: dog or not dog?",
    "maps.toy_intro": "Pooling ended the article's example with a 2 x 2 matrix, {matrix}. A fully "
    "connected (dense) layer lays it out as a row of four numbers and connects every one of them to "
    "every neuron of the layer: each neuron has one weight per number, adds up the products and its "
    "bias. The article asks one question, dog or not, so this layer has two neurons. The article gives "
    "no weights: the ones here are made up and kept round so that the sums can be checked by hand; a "
    "trained network learns its own.",
    "maps.toy_figure": "The 2 x 2 matrix, flattened to four numbers, each connected to both neurons",
    "maps.toy_caption": "Each line is one weight: orange above 0, blue below, dotted grey 0; the thicker, the larger.",
    "maps.toy_sum": "**{name}**: {terms} + bias {bias} = **{total}**",
    "maps.toy_softmax": "Softmax turns the two scores into probabilities: P({name}) = "
    "$\\dfrac{{e^{{{a}}}}}{{e^{{{a}}} + e^{{{b}}}}}$ ≈ **{p} %**. The answer: **{name}**.",
    "maps.toy_params": "{n_in} numbers x {n_out} neurons = {weights} weights, plus {n_out} biases: {total} parameters. "
    "The network's real dense layer, below, does the same with {real_in:,} numbers and {real_out} neurons: "
    "{real_in:,} x {real_out} + {real_out} = {real_total:,} parameters.",
    "maps.toy_class.dog": "dog",
    "maps.toy_class.not_dog": "not dog",
    "maps.real_dense": "The network's dense layer",
    "maps.h3": "3 · One map up close",
    "maps.map": "Map",
    "maps.input_caption": "the network's input",
    "maps.map_title": "{layer}, map {i}",
    "maps.filter_rgb": "its filter ({layer}, {kh} x {kw} x 3, shown as colours)",
    "maps.filter_picture": "its filter in {layer}: {kh} x {kw} weights, laid on the picture itself",
    "maps.filter_deep": "its filter in {layer}: {kh} x {kw} weights for each of the {c} maps of the layer before",
    "maps.click_cell": "Click a cell to open it: where it looks in the picture and every number that made it.",
    "maps.exemplars": "**What {layer} map {map} responds to:** the 9 training pictures that excite it most, cut "
    "to the receptive field of their strongest cell ({size} x {size} pixels), with its value.",
    "maps.h4": "4 · What the first layer looks for",
    "maps.filters_alt": "{n} filters of {layer}, each {kh} x {kw} pixels in colour",
    "maps.filters_text": "The 32 filters of conv1, each 3 x 3 pixels in three colours, stretched to full "
    "contrast. Training shaped them into detectors of edges and colour blobs.",
    "maps.h5": "5 · ReLU: negative values become zero",
    "maps.relu_map": "{layer} map",
    "maps.before": "before ReLU",
    "maps.after": "after ReLU: max(0, value)",
    "maps.relu_count": {
        "count": "negative",
        "one": "{negative} of {total} values was negative and is now 0.",
        "other": "{negative} of {total} values were negative and are now 0.",
    },
    "wants.h": "**What {layer} map {map} wants to see**",
    "wants.caption": "{layer} map {map}: the picture it responds to most",
    "wants.recipe": "An idealised input, not a photo: starting from grey (start {seed}), {steps} small steps "
    "each changed the pixels the way that raises the map's mean (before its activation) most. To keep it readable, "
    "each step looked at the picture shifted by up to {jitter} pixels, pulled it {decay} of the way back toward "
    "grey and, every {blur} steps, blurred it a little; its pixels stay within 0-1.",
    "wants.plain": "Without the regularisers: starting from grey (start {seed}), {steps} small steps each changed "
    "the pixels the way that raises the map's mean most, kept within 0-1 and nothing else. The mean still "
    "climbs, but into a fine pattern of pixels no photo has: why the readable version shifts, pulls back and blurs.",
    "wants.reached": "That mean is {reached} on this idealised picture; on the best of the 60 shipped test "
    "pictures, {best}.",
    "wants.reached_own": "That mean is {reached} on this idealised picture.",
    "wants.flat": "Almost one plain colour: what raises this map's mean most is a plain picture, not a pattern "
    "(its filter's weights mostly share one sign, so every pixel pushes the same way).",
    "wants.dead": "This map stays below 0 on every picture tried: even the climb only reached {reached}, so after "
    "ReLU the map is dark. What it shows is the least negative the map can be, not a pattern it responds to.",
    "wants.pooled": "{layer} keeps the largest values of {conv}'s maps, one for one: its map {map} is {conv}'s "
    "map {map} pooled, so this is what that map wants to see.",
    "wants.seed": "Start (seed)",
    "wants.seed_help": "The climb starts from grey with a little random noise; another seed, another start. "
    "Start 0 is the one shown at once; another is climbed now, in about a second.",
    "wants.plain_toggle": "Without the regularisers",
    "wants.plain_help": "Climb on the pixels alone: no shift, no pull back toward grey, no blur.",
    "wants.grid_h": "**Every map of {layer} ({n})**",
    "wants.grid_caption": "Each from start 0 with the regularisers (the shipped set), whatever the picture up close "
    "uses. Click a map to see it up close, with its own numbers above.",
    "wants.ask_grid": "Show what all {n} maps want to see",
    "wants.ask_grid_note": "Computed now for your model, one map after another: about {n} seconds here.",
    "wants.climbing_n": "Climbing: {done} of {n}",
    "wants.classes_h": "**The network's idea of each class**",
    "wants.classes_shipped": "Each picture is an idealised input, not a photo: starting from grey, {steps} small "
    "steps each changed the pixels the way that raises that class's score most (shifted, blurred a little and "
    "kept to 0-1). What it shows is what pushes the score up, not what the class looks like. Click one to see it "
    "beside the training pictures nearest it.",
    "wants.classes_own": "Each picture is an idealised input for your model, made the same way: {steps} small steps "
    "from grey, each raising that class's score most. Click one to see it up close.",
    "wants.ask_classes": "Show your model's idea of each of its {n} classes",
    "wants.too_many_classes": "Your model has {n} classes; a class's picture is computed here for models of at most "
    "{most}.",
    "wants.idea_of": "The network's idea of {cls}",
    "wants.nearest_h": "**The {n} training pictures nearest it, in the network's eyes**",
    "wants.nearest_one": "{cls} · distance {d}",
    "wants.nearest_note": "Nearest by the 64 numbers of the dense layer, among the {total} training pictures the app "
    "ships; under each, its true class and its distance.",
    "wants.ask": "Show what this map wants to see",
    "wants.ask_note": "Computed now for your model: {steps} small steps of the picture, about a second a map here.",
    "wants.climbing": "Climbing toward what the map wants to see...",
    # ------------------------------------------------------------ watch it learn (model report)
    "learn.h4": "4 · Watch it learn: its real training, replayed",
    "learn.h4_intro": "The network above was trained by Keras from random numbers. Its weights were kept at moments "
    "of that very run (the last moment is the network itself). Move the slider: every view below is that moment's "
    "network's own, computed now.",
    "learn.h5": "5 · Train one live",
    "learn.h5_intro": "A network of the same shape, trained here in your browser session from random numbers, on a "
    "small part of CIFAR-10 that the app carries. It learns a slice at a time, about a second apart, so the server "
    "stays free for everyone else: expect about 30% right after a minute, not the 75% of the real one.",
    "learn.at": "Moment of the training",
    "learn.at_start": "the start: random weights",
    "learn.at_step": "after {n} steps",
    "learn.at_epoch": "after epoch {n}",
    "learn.moment_start": "**The start**: random weights, before any step. It guesses: about 1 answer in 10 is right.",
    "learn.moment": "**{when}**: {steps} steps of 64 pictures ({epochs} epochs of the 50,000 training pictures).",
    "learn.filters_h": "**conv1's 32 filters**",
    "learn.filters_caption": "conv1's filters at this moment, each stretched to its own range",
    "learn.loss": "loss",
    "learn.here": "this moment",
    "learn.loss_title": "The training loss (Keras's running mean over each epoch's batches)",
    "learn.epochs": "epochs",
    "learn.maps_h": "**Your picture through it**: the first {n} maps of each layer",
    "learn.probs_h": "**What it says**",
    "learn.accuracy": "On the app's {n} test pictures it is right on **{share}**, the confusion below; on the whole "
    "test split of 10,000, {total}.",
    "learn.start": "Start training",
    "learn.start_note": "From random numbers, on {n} training pictures the app carries (300 a class), 16 at a "
    "step; measured on 500 test pictures (50 a class), a few each second.",
    "learn.stop": "Stop",
    "learn.continue": "Continue",
    "learn.again": "Start again",
    "learn.no_data": "This server lacks the pictures live training uses, so it cannot train here.",
    "learn.busy": "{most} networks are training on this server already: yours waits until one stops.",
    "learn.live_now": "**Step {step}**: {pictures} pictures seen, {epochs} epochs of the app's training pictures, "
    "{seconds} s of computing so far (at most 0.15 s each second).",
    "learn.live_unmeasured": "Its test accuracy comes in the next second.",
    "learn.live_accuracy": "Right on **{accuracy}** of the last {n} test pictures measured ({each} each second, "
    "each by the network of that second).",
    "learn.live_accuracy_partial": "Right on **{accuracy}** of the {n} test pictures measured so far ({each} each "
    "second).",
    "learn.busy_start": "{most} networks are training on this server already: press Start training again when one "
    "stops.",
    "learn.test_accuracy": "test accuracy",
    "learn.live_title": "The loss of each batch",
    "learn.accuracy_title": "Right answers on the last {n} test pictures measured",
    # ------------------------------------------------------------ which picture excites a map more (live)
    "two.refs_none": "**No reference pictures.** Decide from A and B alone: which one makes {layer} map {map} "
    "respond more?",
    "two.refs_synthetic": "**Reference: what {layer} map {map} wants to see** (an idealised input, climbed by the "
    "network's own gradient).",
    "two.refs_natural": "**References: the 9 training patches that excite {layer} map {map} most.**",
    "two.revealed": "**{answer}** makes {layer} map {map} respond more: the map's mean (before ReLU) is {high} on "
    "{answer} and {low} on {other}.",
    "two.sep": "; ",
    "two.on_projector": "The reference pictures are on the projector.",
    "two.mean_of": "{letter}: mean {mean}",
    "two.class_share": "The class: {right} of {n} chose it ({share}); guessing would give 50%.",
    "two.study": "{share}% ({study})",
    "two.by_borowski": "Borowski et al., ICLR 2021, this task",
    "two.by_zimmermann": "Zimmermann et al., NeurIPS 2021, a harder task: which of two occlusions changes the map more",
    "two.published_none": "People in studies, with no references: {studies}.",
    "two.published_synthetic": "People in studies, with what the map wants to see: {studies}.",
    "two.published_natural": "People in studies, with the strongest training patches: {studies}.",
    "two.short_none": "no references",
    "two.short_synthetic": "what it wants to see",
    "two.short_natural": "training patches",
    "two.part": "{refs} {right} of {n} ({share})",
    "two.lesson": "This lesson so far, first votes, by references: {parts}.",
    # ------------------------------------------------------------ Inside a cell
    "cell.title": "Inside one cell of the real network",
    "cell.intro": "Every number on the Feature maps page was computed from your picture with the same "
    "arithmetic as the Convolution and Pooling lessons, only with more channels. Pick any cell, by clicking "
    "it on the map or by its row and column, and follow it down to the pixels.",
    "cell.h1": "1 · Pick a cell",
    "cell.map": "Map (0-{n})",
    "cell.row": "Row",
    "cell.col": "Column",
    "cell.click": "Click a cell of the map to open it. The outlined cell is the one explained below.",
    "cell.value_line": "**{layer}, map {map}, row {row}, column {col}** = **{value}**",
    "cell.picture_caption": "your picture as the network gets it (32 x 32): the cell's receptive field "
    "outlined, the rest faded, the blind border hatched",
    "cell.h2": "2 · Where it looks: its receptive field",
    "cell.field": "This cell depends on rows {top}-{bottom} and columns {left}-{right} of the picture: a "
    "square of {size} x {size} pixels, outlined. Change any pixel outside it and this cell keeps its value.",
    "cell.field_rect": "This cell depends on rows {top}-{bottom} and columns {left}-{right} of the picture: {h} x {w} "
    "pixels, outlined. Change any pixel outside them and this cell keeps its value.",
    "cell.chain_cell": "**{layer}**: the cell at row {row}, column {col}",
    "cell.chain_item": "**{layer}**: rows {top}-{bottom}, columns {left}-{right} ({h} x {w})",
    "cell.picture": "the picture",
    "cell.blind": "The hatched border, rows and columns {a}-{b}, reaches no class score. conv1 and conv2 "
    "still read it, but pool2 turns conv2's 13 rows into 6 by rounding down and drops conv2's last row and "
    "column, so no cell of conv3 covers those pixels. Change them and no probability moves.",
    "cell.h3_conv": "3 · The computation, channel by channel",
    "cell.conv_text": "As in the Convolution lesson: this cell's filter lays a {kh} x {kw} window on each of the "
    "{c} channels of {source}, multiplies cell by cell and adds; then the channels' sums and the bias are "
    "added, and ReLU keeps the total if it is positive.",
    "cell.conv_text_activated": "As in the Convolution lesson: this cell's filter lays a {kh} x {kw} window on "
    "each of the {c} channels of {source}, multiplies cell by cell and adds; then the channels' sums and the bias "
    "are added, and the layer's activation, {activation}, of that total is the value on the map.",
    "cell.conv_text_linear": "As in the Convolution lesson: this cell's filter lays a {kh} x {kw} window on each of "
    "the {c} "
    "channels of {source}, multiplies cell by cell and adds; then the channels' sums and the bias are "
    "added. This layer has no ReLU: the total is the value.",
    "cell.grouped": "This filter reads {c} of the {total} maps below ({first} to {last}): a grouped convolution's "
    "filter sees only its own group's maps (a depthwise one, a single map).",
    "cell.dilated": "The filter's weights are {step} cells apart (a dilated convolution): its window takes one "
    "cell in every {step} of the map below, as the picture's outline shows.",
    "cell.padding_zeros": 'Part of this window lies outside the map below: "same" padding puts zeros there, '
    "and they are the window's zeros at its edge.",
    "cell.many": "Of the {c} channels, the {n} that move the total most (up or down) are shown one by one; "
    "the other {rest} are added in one term at the end.",
    "cell.scaled": "The picture is read as the network gets it: each 0-255 value divided by 255.",
    "cell.step": "Step",
    "cell.step_channel": "**Channel {i} of {n} shown: {name}**",
    "cell.brightness": "brightness",
    "cell.channel_of": "{source} map {c}",
    "cell.so_far": "So far: {terms}",
    "cell.rest_term": "{value} (the other {n} channels)",
    "cell.total_line": "**Total** = {sums} + bias {bias} = **{total}**",
    "cell.activation_line": "{activation}({total}) = **{value}**, the value on the map.",
    "cell.relu_line": "ReLU: max(0, {total}) = **{value}**, the value on the map.",
    "cell.no_relu_line": "No ReLU on this layer: **{value}** is the value on the map.",
    "cell.h3_pool": "3 · The computation: the largest of four",
    "cell.pool_text": "A pooling cell does no arithmetic: it keeps the largest value of its 2 x 2 window on "
    "{source} map {map} (rows {top}-{bottom}, columns {left}-{right}, as in the Pooling lesson), framed in green.",
    "cell.h4": "4 · What this map responds to",
    "cell.exemplar_text": "The 9 training pictures whose strongest cell on {layer} map {map} is strongest, "
    "each cut to that cell's receptive field ({size} x {size} pixels), with the cell's value.",
    "cell.exemplar_pool": "A pooling map only keeps the largest values of its convolution's map, so these "
    "are {conv} map {map}'s.",
    "cell.exemplar_silent": "{layer} map {map} is 0 on every one of the 50,000 training pictures: its filter "
    "never fires, so there is nothing to show.",
    "cell.exemplar_value": "value {value}",
    "cell.h5": "5 · From conv3 to a class score",
    "cell.class": "Class score",
    "cell.class_top": "the predicted class ({cls})",
    "cell.dense_text": "The last two layers multiply and add as well. For this picture, ReLU lets {on} of "
    "the 64 hidden units through; with those fixed, each of the 1,024 numbers that Flatten makes of conv3 "
    "adds value x weight to a class score, and together with the biases they give the score exactly:",
    "cell.dense_sum": "{up} (pushing up) + {down} (pulling down) + {bias} (biases) = **{logit}**, the "
    "{cls} score (logit) on the Prediction page.",
    "cell.by_position": "what each conv3 position adds to {cls}",
    "cell.top_inputs": "the inputs that move {cls} most",
    "cell.input_name": "conv3 map {m} at ({r}, {c})",
    "cell.dense_caption": "Orange pushes the score up, blue pulls it down. A position's number adds up its "
    "64 maps. Each input's weight is the sum, over the hidden units that are on, of its weight into the "
    "unit times the unit's weight into the class.",
    # ------------------------------------------------------------ Prediction
    "pred.title": "What does the network say?",
    "pred.sees": "what the network sees (32 x 32)",
    "pred.answer": "Its answer",
    "pred.sure": "{p} sure",
    "pred.right": "The true class is **{cls}**: the network is right.",
    "pred.wrong": "The true class is **{cls}**: the network is wrong.",
    "pred.unsure": "The network is unsure: its best guess has only {p}. It knows just ten classes and must "
    "always pick one of them, so a picture of anything else (a face, a chair, a scribble) still "
    "gets an answer. Read it as 'looks most like', not 'is'.",
    "pred.own_picture": "**A confident answer can still be wrong.** The network only ever saw CIFAR-10 "
    "pictures like these: small, centred, whole objects of ten kinds. A picture of something else, or "
    "taken differently, still gets one of the ten answers, however sure the bar looks.",
    "pred.card": "What this model knows",
    "pred.card_classes": "Ten classes: {classes}. It sees 32 x 32 pixel colour pictures only.",
    "pred.card_accuracy": "Right on **{acc}** of {data}, pictures it never saw while training. About one "
    "answer in {one_in} is wrong even on the kind of picture it was trained for.",
    "pred.h1": "From 1,024 numbers to ten scores",
    "pred.fc": "The last convolution leaves 4 x 4 x 64 = 1,024 numbers. A fully connected layer gives each of "
    "its 64 neurons a weight for every one of them (65,600 parameters with the biases); a second one "
    "turns those 64 values into ten scores, one per class, called logits.",
    "pred.logits_title": "logits of your picture",
    "pred.h2": "Softmax: from scores to probabilities",
    "pred.softmax": "Raise e to the power of each score, then divide by the sum, so the ten results are "
    "positive and add up to 1. (Subtracting the largest score first gives the same result "
    "without overflowing; the table shows that form.)",
    "pred.col_class": "class",
    "pred.col_logit": "logit z",
    "pred.col_shift": "z - max",
    "pred.col_exp": "e^(z - max)",
    "pred.col_prob": "probability",
    "pred.softmax_result": "For **{cls}**: {num} / {den} = **{p}**. The {n} probabilities add up to {total}.",
    "pred.h3_taught": "With your classes",
    "pred.taught": "This session taught the network {k} classes (Teach it a class): its layers as trained, a new last "
    "layer on the 64 numbers of its dense layer. Here is that layer's answer for the same picture, and "
    "its softmax, worked through the same way.",
    # ------------------------------------------------------------ Why this class?
    "why.title": "Why this class?",
    "why.intro": "The Prediction page gives ten scores. This page asks where they come from: which parts of "
    "the picture pushed a class's score, which training pictures the network thinks yours resembles, why it "
    "is sure even of a picture of nothing, and how little it takes to change its mind.",
    "why.answer": "The network says **{cls}** ({p}).",
    "why.class": "Explain the score of",
    "why.class_top": "the predicted class ({cls})",
    "why.h1": "1 · What a gradient tells",
    "why.gradient_text": "The {cls} score (its logit, before softmax) is {logit}. Its gradient answers one "
    "question for every number in the network: if this number grew a little, how much would the {cls} score "
    "move, and which way? The network computes it backwards, layer by layer, with the same weights it used "
    "going forwards (backpropagation, here in numpy). Training uses exactly this to adjust the weights; the "
    "maps below use it to point at the picture.",
    "why.h2": "2 · What in the picture drove the score",
    "why.patch": "Grey square (pixels)",
    "why.stride": "Step (pixels)",
    "why.method": "Look closer at",
    "why.legend": "colour key: dark, no part in the score; bright yellow, the largest part",
    "why.legend_signed": "colour key: blue pushes the score down, white none, orange pushes it up",
    "why.method.gradcam": "Grad-CAM, {layer}",
    "why.method.occlusion": "Occlusion",
    "why.method.saliency": "Input gradient",
    "why.coming": "{method}: coming",
    "why.original": "the picture",
    "why.cells_title": "Grad-CAM on {layer}'s own grid",
    "why.drops_title": "score drop, {n} x {n} square positions",
    "why.saliency_title": "size of the input gradient, {h} x {w}",
    "why.explain.gradcam_last": "Grad-CAM weighs each of conv3's 64 maps by how much the {cls} score rises when "
    "that map rises (its gradient, averaged over the map), adds the weighted maps and keeps the positive "
    "part. conv3 has only 4 x 4 cells, each seeing 18 x 18 pixels, so the map is coarse: each cell's value "
    "sits at the centre of its receptive field and the pixels between are blended.",
    "why.explain.gradcam_before": "The same on conv2's 13 x 13 grid: finer, but conv2 sees only 8 x 8 pixels per "
    "cell and is two layers further from the decision, so it shows more of the parts than of the whole.",
    "why.explain.occlusion": "No gradients here: a grey square of {patch} x {patch} pixels covers one part of "
    "the picture at a time (moving {stride} pixels each step), and the network scores every covered copy. "
    "Orange: covering that part lowers the {cls} score (it mattered); blue: covering it raises the score.",
    "why.explain.saliency": "The input gradient itself: for each pixel, how much the {cls} score would move "
    "if that pixel changed a little. It looks noisy because it is local: it says what a tiny change does at "
    "this exact picture, and neighbouring pixels can pull in opposite directions through the ReLUs and max "
    "poolings. Grad-CAM and occlusion average over larger regions.",
    "why.cam_zero": "Grad-CAM is 0 everywhere: on {layer}, the maps weighted for {cls} add up to less than "
    "zero at every cell, "
    "so no part of the picture speaks for {cls}.",
    "why.h3": "3 · Which training pictures it looks like",
    "why.lookalikes_text": "The 6 nearest of 3,000 training pictures shipped with the app, measured two ways. "
    "In the network's eyes: the 64 numbers of its dense layer, the summary it decides from. By raw pixels: "
    "colour by colour. The network compares what it has learned to see, not colours, so the two rows differ.",
    "why.space.network": "**In the network's eyes** (the 64 numbers of the dense layer)",
    "why.space.pixels": "**By raw pixels** (all 3,072 values)",
    "why.neighbour": "{cls}, {d}",
    "why.h4": "4 · A closed world",
    "why.unfamiliar": "This does not look like CIFAR-10: even the training picture nearest to it is unusually "
    "far away. The network still says {cls} with {p}, because it can only share 100% among its ten classes.",
    "why.closed_text": "The network knows ten classes and nothing else. Whatever it is given, a person, a "
    'page of text, noise, the ten probabilities add up to 100%: it has no way to say "none of these".',
    "why.notice_rates": "The notice appears when the nearest look-alike is farther than {network_limit} in "
    "the network's eyes or {pixels_limit} by pixels (here: {network} and {pixels}). Those limits were chosen "
    "so that {test} of the {n_test} CIFAR-10 test pictures set it off; on {n} variants each, it fires for "
    "noise {noise}, blank pictures {blank}, text {text} and photos of a person {person}. So it is a hint, not "
    "a detector: a blank picture sits close to CIFAR-10's many plain skies and seas.",
    "why.try_odd": "Try a picture that is none of the ten classes:",
    "why.temperature": "Temperature: the scores are divided by it before softmax",
    "why.temperature_one": "At temperature 1, the network's own scale, it is {p} sure of {cls}. Move the "
    "slider to divide its scores by more or less.",
    "why.temperature_text": "At temperature {t_} the network is {p} sure of {cls} (at 1, the network's own "
    "scale, {p1}). The scores and their order never change, only how steeply softmax turns them into "
    "probabilities: how sure a classifier sounds is partly a choice of scale.",
    "why.h5": "5 · Fooling it",
    "why.not_fooled": "No step of up to 32 (out of 255) along the gradient's sign changed the answer for this picture.",
    "why.fool_before": "before: {cls}",
    "why.fool_after": "after: {cls} ({p})",
    "why.fool_difference": "the change, magnified",
    "why.fool_text": "Every pixel value moved by at most {step} (out of 255), each against the sign of the "
    "{cls} score's gradient, and the network now says **{new}**. The changed picture is whole pixel values, "
    "as a saved file would be; you would hardly see the change without the magnified difference. This is the "
    "fast gradient sign method (FGSM), with the smallest step that works.",
    "why.fool_target_text": "Every pixel value moved by at most {step} (out of 255), each along the sign of "
    "the {target} score's gradient, and the network now says **{new}** instead of {cls}. The changed picture "
    "is whole pixel values, as a saved file would be. This is the fast gradient sign method (FGSM) aimed at "
    "one class, with the smallest step that works.",
    "why.method.ig": "Integrated Gradients",
    "why.method.smoothgrad": "SmoothGrad",
    "why.occlusion_scaled": "Your model takes {h} x {w} pictures: the grey square is scaled with the picture, to "
    "{patch} pixels moving {stride} at a time (16 at most), so it covers about as much of it as on a 32 x 32 one.",
    "why.ig_title": "Integrated Gradients per pixel (three channels added)",
    "why.ig_title_grey": "Integrated Gradients per pixel",
    "why.smooth_title": "size of the averaged gradient, {h} x {w}",
    "why.explain.ig": "Integrated Gradients walks from a starting picture (the baseline, here {baseline}) to "
    "yours in small steps, takes the gradient at each, and multiplies the average by how far each pixel moved. "
    "Its pixels add up to how much the {cls} score changed along the way: orange pixels raised it, blue ones "
    "lowered it. Section 6 checks that sum.",
    "why.explain.smoothgrad": "SmoothGrad averages the input gradient over copies of the picture with a little "
    "noise added. The noise washes out the pixel-to-pixel jitter of a single gradient; what stays is where the "
    "{cls} score is sensitive in general. Its settings are in section 6.",
    "why.h6": "6 · Can you trust these maps?",
    "why.trust_intro": "Six methods, six different maps. Each is computed correctly, but that does not make "
    "it a faithful account of what the network used. Three checks, on your picture: does the map add up, "
    "does the network agree with its order, and does it still stand when the network is replaced by noise?",
    "why.ig_h": "**Does it add up?** Integrated Gradients, written out",
    "why.baseline": "Start from",
    "why.baseline.black": "a black picture",
    "why.baseline.grey": "a grey picture",
    "why.baseline.blur": "your picture, blurred",
    "why.steps": "Steps along the path",
    "why.ig_sum": "The attributions add up to **{total}**; the {cls} score of your picture minus that of "
    "{baseline} is {logit} − ({start}) = **{change}**. They differ by {gap} ({share} of the change): a sum "
    "over {steps} steps approximates an integral, and the difference shrinks as the steps grow.",
    "why.samples": "SmoothGrad: noisy copies",
    "why.noise": "SmoothGrad: noise (share of the value range)",
    "why.curves_h": "**Does the network agree?** Remove, or put back, the most important pixels first",
    "why.curves_text": "Each method ranks the {pixels} pixels. Grey them out in that order and watch the {cls} "
    "probability: if the map is faithful it falls fast (a small area under the deletion curve). Start from grey "
    "and put them back in that order: it should rise fast (a large area under the insertion curve). A random "
    "order is the yardstick.",
    "why.curves_open": "Draw the curves for this picture (about a second)",
    "why.deletion_title": "deletion: most important pixels greyed first",
    "why.insertion_title": "insertion: most important pixels put back first",
    "why.fraction": "share of the pixels",
    "why.random": "random order",
    "why.col_method": "method",
    "why.col_deletion": "deletion area (lower is better)",
    "why.col_insertion": "insertion area (higher is better)",
    "why.col_general": "over {n} test pictures: deletion / insertion",
    "why.curves_caution": "Integrated Gradients' pixels are taken by size, whichever way they pushed. "
    "Occlusion's lead is partly built in: its grey square is the same grey these curves use. The general "
    "figures were measured on the {n} sample pictures shipped with the app, each for the class "
    "the network gives it, by `python -m cnn_viz faithfulness` ({date}).",
    "why.general_missing": "The figures over the test pictures are not available: models/faithfulness.json is "
    "missing or damaged (`python -m cnn_viz faithfulness` rebuilds it).",
    "why.rand_h": "**Does it explain the model?** Replace the network's layers with noise",
    "why.rand_label": "Layers replaced with noise, from the top",
    "why.rand.none": "none",
    "why.rand.all": "+ {layer} (all)",
    "why.rand_text": "A map that explains the model must change when the model is destroyed. Move the slider to "
    "replace the top layers' weights with random numbers (Adebayo et al., 2018). Under each map: its rank "
    "correlation with the trained network's map. Near 0 means the map changed: it depended on what the network "
    "learned (the check is passed). Near 1 means it stayed: it shows the picture, not the model.",
    "why.rand_none": "Nothing is replaced yet: the maps are the trained network's.",
    "why.rand_corr": "{method}: {r:+.2f}",
    "why.rand_pass": "changed: it depends on the network",
    "why.rand_fail": "stayed: it shows the picture more than the network",
    "why.fails_check": "Largely failing this check over the {n} test pictures: {methods} (each map's rank "
    "correlation with the trained network's when every layer is noise). Such a map shows the picture's edges "
    "as much as what the network used: read it with care.",
    "odd.button.noise": "Noise",
    "odd.button.blank": "A blank picture",
    "odd.button.text": "Text",
    "odd.button.person": "A person",
    "odd.option.noise": "Not CIFAR-10: noise",
    "odd.option.blank": "Not CIFAR-10: a blank picture",
    "odd.option.text": "Not CIFAR-10: text",
    "odd.option.person": "Not CIFAR-10: a person",
    "odd.caption.noise": "random noise: none of the ten classes",
    "odd.caption.blank": "a blank grey picture: none of the ten classes",
    "odd.caption.text": "a word: none of the ten classes",
    "odd.caption.person": "a person (Grace Hopper, U.S. Navy photo): none of the ten classes",
    # ------------------------------------------------------------ Model report
    "rep.not_yours": "This report is about the article's network, trained on CIFAR-10: its numbers are not those "
    "of your model, {name}. The app knows only your model's layers and classes, not how it was trained or tested.",
    "rep.title": "How good is the network?",
    "rep.accuracy": "Test accuracy",
    "rep.parameters": "Parameters",
    "rep.epochs": "Epochs",
    "rep.measured": "Measured on {data}, none of which was used for training. Trained on {n:,} pictures of "
    "the {source} with Adam (learning rate {lr}, {schedule}), batches of {batch}, seed {seed}; "
    "{augmentation}.",
    "rep.schedule.constant": "constant",
    "rep.schedule.cosine": "falling along a cosine",
    "rep.augmented": "augmentation: random horizontal flips and shifts of up to 10%",
    "rep.not_augmented": "no augmentation",
    "rep.teachers": "For teachers: how this model was built",
    "rep.command": "Command: {command} · trained {date} · {versions}",
    "rep.article": "The article trains 10 epochs and reports about 80% right answers, which is roughly the "
    "accuracy on the training pictures; on unseen test pictures that recipe reaches about 70%. "
    "More epochs with flipped and shifted training pictures do better with the same network.",
    "rep.h1": "Training curves",
    "rep.acc_title": "accuracy",
    "rep.loss_title": "loss (cross-entropy)",
    "rep.history_note": "Training figures are Keras' running means over each epoch's batches (of augmented "
    "pictures when augmentation is on); test figures are measured after each epoch.",
    "rep.h2": "Which classes get confused",
    "rep.per_class": "accuracy per class (%)",
    "rep.h3": "Sample pictures it gets wrong",
    "rep.wrong_count": "Of the {total} sample pictures shipped with the app, it gets {n} wrong:",
    "rep.said": "{cls}\nsaid: {said} ({p})",
    # ------------------------------------------------------------ Live class
    "own.file_too_big": "This file is {mb} MB; a model here can be at most {limit} MB.",
    "own.not_keras": "This is not a Keras 3 model file (.keras, saved with model.save), or it is damaged.",
    "own.not_onnx": "This is not an ONNX model file (.onnx, from torch.onnx.export), or it is damaged.",
    "own.onnx_too_big": "This file's description holds more parts, or nests them more deeply, than any small CNN's, so "
    "it is not opened.",
    "own.onnx_nested": "This file holds something a chain of layers never has ({part}: a loop, a condition, a function "
    "or training information), so it is not opened.",
    "own.onnx_external": "This file keeps its weights in another file ({file}), which is not read here: export again "
    "with torch.onnx.export(..., external_data=False), or save it whole with "
    "onnx.save(onnx.load(path), new_path).",
    "own.onnx_dtype": "The tensor {tensor} holds numbers of a type this app does not read (it reads float32, float16, "
    "float64 and whole numbers).",
    "own.onnx_op": "The node {node} is not one this app can run. It runs {ops}. (From PyTorch, exporting with "
    "torch.onnx.export(..., dynamo=False) sometimes writes an operator it has.)",
    "own.not_model": "This is neither a Keras 3 model (.keras) nor an ONNX model (.onnx). A PyTorch model saved with "
    "torch.save (.pt, .pth) cannot be read: export it with torch.onnx.export.",
    "own.onnx_computed": "The node {node} takes a setting that the graph computes with other nodes (shape "
    "arithmetic this app does not run): exporting with torch.onnx.export(..., dynamo=True, external_data=False) "
    "writes it as a number.",
    "own.onnx_branch": "The graph branches or merges at {node}: this app follows one chain of layers, each reading the "
    "one before it (a residual connection, for example, is not one).",
    "own.onnx_input": "The model must take one picture, N x C x H x W with C 1 or 3 and H, W from 8 to 224 pixels; "
    "its input is {shape}.",
    "own.onnx_opset": "This model uses ONNX opset {v}; this app reads opsets {low} to {high} (torch.onnx.export(..., "
    "opset_version=17) writes one of them).",
    "own.onnx_needs_maps": "The node {node} needs maps (N x C x H x W), but the layers before it have already made one "
    "vector of them.",
    "own.made_by": "Read from a file written by {made_by}, as data: {n} layers, {params} parameters.",
    "own.bomb": "This file would unpack to far more than a small model's weights, so it is not opened.",
    "own.not_sequential": "Only a Sequential model, or a Functional one whose layers form one chain, can be opened "
    "here; this one is a {kind}.",
    "own.branches": "The layers of this model branch or merge at {layer}: this app follows one chain of layers, "
    "from the picture to the class scores, so it cannot open it.",
    "own.layer_refused": "The layer {layer} ({kind}) is not one this app can run without the model's own code.",
    "own.activation": "The layer {layer} uses the activation {activation}; this app runs relu, leaky_relu, sigmoid, "
    "tanh, softmax and linear.",
    "own.input_shape": "The model takes inputs of {shape}; this app shows pictures of 8 to 224 pixels a side "
    "with 1 or 3 channels.",
    "own.no_layers": "This model has no layers to show.",
    "own.too_costly": "This model is not opened: explaining one picture with it would take about {need} of memory "
    "(its layer {layer} alone makes {numbers} numbers), more than the {limit} MB this server gives a model. "
    "The same model saved for smaller pictures, or with fewer "
    "filters in its first layers, fits.",
    "own.too_many": "This model has more than {limit} parameters, more than this app shows.",
    "own.not_finite": "The layer {layer} has weights that are not finite numbers.",
    "own.dense_needs_flatten": "The layer {layer} is a Dense layer on maps: put a Flatten layer before it.",
    "own.no_classes": "The model's last layer does not give one score per class.",
    "own.one_class": "The model's last layer gives one number, not one score per class: this app shows models that "
    'choose among two or more classes (a yes/no model can end in Dense(2, activation="softmax") in Keras, '
    "or nn.Linear(..., 2) in PyTorch, instead).",
    "own.too_many_classes": "This model gives {n} class scores; this app shows models of at most {limit} classes.",
    "own.too_small": "The layer {layer} does not fit the maps that reach it.",
    "own.config_too_big": "This model's description (its config.json or metadata.json) is larger or more deeply "
    "nested than a model of at most {layers} layers needs, so it is not read.",
    "own.too_many_layers": "This model has {n} layers; this app opens models of at most {limit}.",
    "own.config_not_finite": "This model's description holds a number that is not finite (NaN or infinity), so it "
    "is not opened.",
    "own.bad_setting": "The layer {layer} cannot run with {setting} = {value}.",
    "own.weights_mismatch": "The weights of the layer {layer} do not match its settings (their number or their "
    "shape), so the file is damaged.",
    "own.negative_variance": "The layer {layer} has a negative variance, which no trained batch normalization has.",
    "own.overflows": "The layer {layer} overflows: on a test picture it gives numbers too large to compute, so the "
    "model is not opened.",
    "own.read_failed": "Something went wrong on the server while reading this model, so it was not opened: try "
    "again later, or tell whoever runs this site.",
    "own.wrong_type": "This page opens a Keras 3 model saved as .keras (model.save('name.keras')) or an ONNX "
    "model (.onnx, from PyTorch's torch.onnx.export); an older .h5 file opens in Keras and saves again as .keras.",
    "own.too_big_browser": "This file is larger than {mb} MB, the most a model here can be, so your browser did not "
    "send it.",
    "own.title": "Your own model, opened layer by layer",
    "own.intro": 'Trained a small network of your own in Keras? Save it with `model.save("name.keras")` and open it '
    "here: the file is read as data, never run, and this page shows its layers, what it makes of the "
    "picture in the sidebar and every map it computes. It can be a Sequential model, or a Functional one "
    "whose layers form one chain, of Conv2D (dilated or grouped too), DepthwiseConv2D, SeparableConv2D, "
    "MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, ZeroPadding2D, Flatten, "
    "Dense, Dropout, BatchNormalization, Rescaling, ReLU, LeakyReLU, Activation and augmentation layers "
    "(RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness), up to "
    "{mb} MB and {params} parameters, taking pictures of 8 to 224 pixels a side in colour or grey.\n\n"
    'Trained it in PyTorch? Export it with `torch.onnx.export(model, (x,), "name.onnx", external_data=False)` '
    "and open the .onnx file: one chain of Conv, Relu, LeakyRelu, Sigmoid, Tanh, Clip (ReLU6), MaxPool, "
    "AveragePool, GlobalAveragePool, GlobalMaxPool, Flatten or Reshape, Gemm or MatMul and Add, "
    "BatchNormalization, Dropout, Identity, Softmax and LogSoftmax, ONNX opsets 7 to 23. It gets the picture "
    'as values 0-1; the class names come from the file\'s metadata ("class_names"), or name them below.',
    "own.upload": "Your model (.keras or .onnx)",
    "own.none_yet": "No model of your own yet: until you open one, every page shows the article's network.",
    "own.badge": "your model: {name}",
    "own.back": "Back to the article's network",
    "own.first_maps": "The first {shown} of its {n} maps (pick any map by its number below).",
    "own.first_numbers": "The first {shown} of its {n} numbers.",
    "own.put_away": "Your model was put away to make room for other visitors' models after 10 minutes unused: "
    "open its file again on Your own model. Until then the pages show the article's network.",
    "own.shelf_full": "The server is holding as many visitors' models as it can ({mb} MB of weights), each shown "
    "in a page open now: try again in a few minutes, or open a smaller model.",
    "own.session_only": "Your model is kept in this browser tab until you reload or close it (or the server "
    "restarts, or, when the server needs room, after 10 minutes unused): "
    "it is not in the address bar, so a shared link opens the article's network.",
    "own.h1": "1 · Its layers",
    "own.h2": "2 · What it makes of your picture",
    "own.names": "Name the classes",
    "own.names_help": "One name per class, separated by commas, in the order of the model's last layer.",
    "own.names_count": "The model has {n} classes: give {n} names, separated by commas.",
    "own.class_n": "class {i}",
    "own.h3": "3 · Every layer's output",
    "own.col_kind": "kind",
    "own.kind.conv": "convolution",
    "own.kind.maxpool": "max pooling",
    "own.kind.avgpool": "average pooling",
    "own.kind.flatten": "flatten",
    "own.kind.dense": "dense",
    "own.kind.activation": "activation",
    "own.kind.scale": "batch normalization",
    "own.kind.rescale": "rescaling",
    "own.kind.globalavg": "global average pooling",
    "own.kind.globalmax": "global max pooling",
    "own.kind.zeropad": "zero padding",
    "own.kind.identity": "augmentation: does nothing when the model predicts",
    "own.kind.depthwise": "depthwise convolution (each channel filtered on its own)",
    "own.counted_by": "(its zeros count in {name}'s means: count_include_pad)",
    "own.folded": "(with {name} folded in)",
    "own.total": "{total} parameters in all, {n} classes. A batch normalization right after a convolution or dense "
    "layer is folded into it, as a network is served: the same outputs, fewer numbers.",
    "own.seen_caption": "what your model sees: {h} x {w}",
    "own.seen": "Your model takes {h} x {w} pictures in {channels}: the picture is cut to the largest centred part "
    "of that shape and resized. {scale}",
    "own.grey": "grey (one channel, the picture's brightness)",
    "own.colour": "colour (red, green and blue)",
    "own.scale_1": "Its values are divided by 255 to lie in 0-1, as the article's network takes them.",
    "own.scale_255": "It begins with a Rescaling layer, so it gets the values 0-255 and scales them itself.",
    "own.answer": "Your model's answer: **{name}** ({p}).",
    "own.vector_range": "From {low} to {high}. Hover for each number.",
    "own.other_pages": "Feature maps, Inside a cell, Prediction and Why this class? now show your model, with "
    "this badge; the lessons keep their small matrices.",
    "own.maps_intro": "Your picture through every layer of your model, computed now by the same numpy code as the "
    "article's network. Pick a layer: maps show as a grid, numbers as bars.",
    "own.no_exemplars": "The training pictures a map responds to most are found once, offline, for the article's "
    "network: "
    "not for your model.",
    "own.filters_text": "The {n} filters of {layer}, your model's first convolution: {kh} x {kw} weights on each "
    "of the {c} channels of its input, each filter stretched to full contrast.",
    "own.no_relu": "Your model has no convolution with a ReLU to show here.",
    "own.no_cells": "Your model has no convolution or pooling layer, so it has no cells to open.",
    "own.picture_caption": "your picture as your model gets it ({h} x {w}): the cell's receptive field outlined, the "
    "rest faded",
    "own.blind": "The hatched border, rows and columns {rows}, reaches no class score: with valid padding and "
    "pooling that rounds down, no cell of your model's last layer with cells covers those pixels.",
    "own.h_score": "5 · From the maps to a class score",
    "own.dense_text": "Flatten lays {layer}'s maps out as {n} numbers. With this picture's ReLU pattern fixed, each "
    "adds "
    "value x weight to a class score, where the weight is how much the score moves when that number "
    "does; together with the biases they give the score exactly:",
    "own.why_intro": "The Prediction page gives your model's {n} scores. This page asks where they come from: "
    "which parts of the picture pushed a class's score, why it is sure even of a picture of nothing, and how "
    "little it takes to change its mind.",
    "own.try_odd": "Try a picture that is none of its {n} classes:",
    "own.dense_text_pooled": "{pool} turns each of {layer}'s maps into one number, {n} in all. With this "
    "picture's activations fixed, each adds value x weight to a class score, where the weight is how much the "
    "score moves when that number does; together with the biases they give the score:",
    "own.input_pooled": "{layer} map {m}, pooled",
    "own.cell_title": "Inside one cell of your model",
    "own.trust_intro": "Each method gives its own map. Each is computed correctly, but that does not make it a "
    "faithful account of what your model used. Three checks, on your picture: does the map add up, does the model "
    "agree with its order, and does it still stand when the model is replaced by noise?",
    "own.no_lookalikes": "Look-alike training pictures, the notice that a picture looks like none of them, and the "
    "check over many test pictures are built from the article's network and its data: they are not available for "
    "your model.",
    "own.by_position": "what each {layer} position adds to {cls}",
    "own.input_name": "{layer} map {m} at ({r}, {c})",
    "own.dense_caption": "Orange pushes the score up, blue pulls it down. A position's number adds up all its maps.",
    "own.h3_pool": "3 · The computation: one window",
    "own.pool_text": "A max pooling cell does no arithmetic: it keeps the largest value of its {h} x {w} window on "
    "{source} map {map} (rows {top}-{bottom}, columns {left}-{right}), framed in green.",
    "own.avg_text": "An average pooling cell takes the mean of its {h} x {w} window on {source} map {map} (rows "
    "{top}-{bottom}, columns {left}-{right}).",
    "own.mean_line": "mean({values}) = **{value}**",
    "own.drops_title": "score drop, {n} x {m} square positions",
    "own.closed_text": "Your model knows its {n} classes and nothing else: whatever it is given, its {n} "
    "probabilities add "
    'up to 100%. It has no way to say "none of these".',
    "own.unsure": "Your model is unsure: its best guess has only {p}. It knows just its {n} classes and must pick one "
    "of them, so a picture of anything else still gets an answer.",
    "own.pred_h1": "From {n_in} numbers to {n} scores",
    "own.card": "Your model's classes: {classes}. This app knows nothing of the pictures it was trained or tested "
    "on, so it cannot say how often it is right.",
    "own.fc": "Your model's last layer gives one score per class, {n} in all: the logits.",
    "own.softmax": "Raise e to the power of each score, then divide by the sum, so the results are positive and add up "
    "to 1. (Subtracting the largest score first gives the same result without overflowing; the table "
    "shows that form.)",
    "teach.title": "Teach the network a class of your own",
    "teach.intro": "The network knows ten classes. Give it one or more classes of your own, at least {least} pictures "
    "each: it keeps every layer as trained, turns each picture into the 64 numbers of its dense layer, "
    "and trains only a new last layer on them. That takes a fraction of a second, here, in the same "
    "numpy code as the rest of the app.",
    "teach.h1": "1 · Your classes",
    "teach.how_many": "Classes of your own",
    "teach.name": "Name",
    "teach.default_name": "my class {i}",
    "teach.pictures": "Pictures (several at once, up to {most})",
    "teach.add_sidebar": "Add the sidebar's picture",
    "teach.add_sidebar_help": "The picture in the sidebar joins this class: a sample, an upload, a drawing or a "
    "camera shot. "
    "Change it there and add the next.",
    "teach.count": {"count": "n", "one": "{n} picture (at most {most})", "other": "{n} pictures (at most {most})"},
    "teach.over": "You gave {n} pictures; a class takes {most}, so the first {most} are used.",
    "teach.keep": "Keep some of the network's classes beside yours",
    "teach.keep_none": "none: only your classes",
    "teach.keep_help": "Each kept class brings the app's shipped test pictures of it, so your classes must be told "
    "apart "
    "from them too.",
    "teach.too_few": "{name} has {n} of the {least} pictures it needs.",
    "teach.need_two": "It takes two classes to learn a difference: add a second class of your own or keep one of the "
    "network's.",
    "teach.same_names": "Two classes have the same name: give each its own.",
    "teach.dropped": {
        "count": "n",
        "one": "A picture was let go before it could be read, while others waited: add it again.",
        "other": "{n} pictures were let go before they could be read, while others waited: add them again.",
    },
    "teach.train": "Train the new last layer",
    "teach.training": "Training ...",
    "teach.h2": "2 · What it learned",
    "teach.left_out": "Leaving each picture out in turn, training without it and then asking about it: **{right} of "
    "{n} "
    "right ({share})**. One picture is {one} % of that score.",
    "teach.curve_title": "Training, epoch by epoch",
    "teach.loss": "loss",
    "teach.accuracy": "right on these pictures",
    "teach.curve_caption": "{epochs} passes over all the pictures. The loss falls as the new layer's scores favour "
    "each "
    "picture's class; being right on the pictures it trains on says little on its own, which is why the "
    "score above leaves each one out.",
    "teach.confusion_caption": "Each picture, left out: its class (rows) against what the new layer said (columns).",
    "teach.still_wrong": "**Still wrong** when left out:",
    "teach.wrong": "{true}, said {said}",
    "teach.honest": "Measured on the {n} pictures you gave, {k} classes. With this few, a new picture can do worse: on "
    "CIFAR-10 pictures, 5 a class gave 86 % left out but 79 % on other pictures. More pictures, and pictures "
    "unlike each other, help most.",
    "teach.h3": "3 · Try it on the picture in the sidebar",
    "teach.looked": "where the new layer looked for {name} (Grad-CAM, conv3)",
    "teach.answer": "The new last layer says: **{name}** ({p}). It knows only these {k} classes: a picture of "
    "anything else still gets one of them, often with a high percentage.",
    "teach.other_pages": "Prediction shows this layer's answer too, below the ten classes'. The new layer is kept "
    "until you reload or close this tab. To open Feature maps, Inside a cell, Prediction and Why this class? on "
    "your classes alone (Grad-CAM for each of them too):",
    "teach.use": "Use my classes on every page",
    "teach.badge_name": "your classes",
    "teach.in_use": "Done: Feature maps, Inside a cell, Prediction and Why this class? now use your classes; "
    "“{back}” at the top of each of them goes back to the ten.",
    "teach.card": "Your classes: {classes}. Right on {right} of {n} of your pictures when each was left out in turn "
    "({share}), as Teach it a class measured; a new picture can do worse.",
    "live.title": "Live class",
    "live.start": "Start a live class",
    "live.start_help": "Students join on their phones with a code or a QR code; you ask questions about the "
    "step on screen and see their answers arrive.",
    "live.full": "This server already runs as many classes as it can hold. Try again later.",
    "live.gone": "Room {code} is no longer on this server, nor what its class answered: a room ends 3 hours "
    "after its teacher's last action, or the server lost its rooms. Start a new class.",
    "live.room": "**Room {code}**: scan the QR code, or type the code on the Live class page.",
    "live.nothing_here": "This page has no question to ask: go on with the lesson.",
    "live.ask_about": "Ask about",
    "live.ask": "Ask",
    "live.reveal": "Reveal",
    "live.end": "End class",
    "live.joined": "**{n}** joined",
    "live.hidden": "Hidden until Reveal: the class is answering this.",
    "live.hidden_planned": "Hidden: the lesson plan asks about this here. Ask opens the question, Reveal shows it.",
    "live.resumed": "Back in room {code}: this browser runs it.",
    "live.full_room": "The live class {code} is full: it has as many students as it can hold. Ask your teacher.",
    "live.panel": "Live class · room {code}",
    "live.teacher_hint": "Teaching? On your own computer, open any lesson, turn on presenter mode (the switch at "
    "the top right) and press **Start a live class**: this browser keeps the room, even through a reload. To run "
    "the class from your phone as well, use **📱 Another device** on the class's panel.",
    "live.too_many_rooms": "This address has started {n} classes within the hour, the most it may: try again later.",
    "live.too_many_joins": "Too many students have joined this class from your network. Ask your teacher.",
    "live.timer": "Time to answer",
    "live.timer_off": "until Reveal",
    "live.timer_seconds": "{n} s",
    "live.time_left": "⏱ **{n} s** left to answer",
    "live.time_up": "⏱ **Time is up**: answers are closed.",
    "live.results": {
        "count": "n",
        "one": "**Room {code} has ended.** What the class answered ({n} question):",
        "other": "**Room {code} has ended.** What the class answered ({n} questions):",
    },
    "live.col_number": "#",
    "live.col_question": "question",
    "live.col_answer": "answer",
    "live.col_answered": "answered",
    "live.col_right": "right",
    "live.col_share": "share right",
    "live.download": "Download the results (CSV)",
    "live.passcode": "Teacher passcode",
    "live.bad_passcode": "That is not this server's teacher passcode. (After three wrong tries from one network, "
    "each try waits a few seconds.)",
    "live.named": "Students give a nickname",
    "live.named_help": "Off: the class answers anonymously. On: each phone asks for a nickname (at most 20 "
    "characters), and the results after class list every student's answers.",
    "live.room_short": "**Room {code}**: join on the Live class page.",
    "live.remote_button": "Another device",
    "live.remote_help": "Run this class from your phone too: the phone asks, and you allow it on this screen.",
    "live.remote_steps": "Scan this with your phone (or open the link below) and press **Ask the projector**, "
    "then allow it here: the number on this screen must be the one on your phone. Your phone becomes your "
    "remote; this screen keeps control too.",
    "live.remote_title": "Run class {code} from this device",
    "live.remote_intro": "For the teacher: press the button, then allow this device on the projector. "
    "Both will run the class.",
    "live.remote_ask": "Ask the projector",
    "live.remote_number": "On the projector, allow the device showing **{number}**.",
    "live.remote_waiting": "Waiting for the projector…",
    "live.remote_refused": "The projector refused this device.",
    "live.remote_gone": "This request expired, or another device asked after it: ask again.",
    "live.remote_too_many": "This address has asked to run a class {n} times within the hour, the most it may: "
    "try again later.",
    "live.remote_asks": "📱 **A device asks to run this class.** Allow it only if it shows **{number}**.",
    "live.remote_allow": "Allow",
    "live.remote_refuse": "Refuse",
    "live.ended_room": "The live class {code} has ended.",
    "live.teacher_away": "Your teacher's screen is not connected right now. Stay here: your answers are kept, "
    "and the class goes on when it is back.",
    "live.your_name": "Your nickname (your teacher asks for one)",
    "live.bad_name": "Type a nickname: letters or digits, at most 20 characters.",
    "live.download_students": "Download every student's answers (CSV)",
    "live.download_report": "🖨 Class report (to print)",
    "live.col_name": "nickname",
    "live.col_given": "their answer",
    "live.col_correct": "right?",
    "live.col_sure": "how sure",
    "live.yes": "yes",
    "live.no": "no",
    "live.status": "📊 **Question {number}:** {prompt} · {n} of {joined} answered",
    "live.question_n": "Question {n}:",
    "live.answered": "{n} of {joined} answered",
    "live.revealed": "The answer: **{answer}**. {right} of {n} got it ({share}).",
    "live.predict_sure": "The network is {sure} sure.",
    "live.network_sure": "The network says {cls}, {sure} sure.",
    "live.network_right": "The network says {cls}, {sure} sure, and it is right: the picture's true class is {true}.",
    "live.network_wrong": "The network says {cls}, {sure} sure, and it is wrong: the picture's true class is {true}.",
    "live.first_vote": "First vote",
    "live.second_vote": "Second vote, after discussing",
    "live.changes": "First vote {first} right, second vote {second}. {to_right} changed to the right answer, {away} "
    "changed away from it, {other} changed to another wrong answer, {kept} kept their answer.",
    "live.calibration": "Sure answers: {sure}. Not sure: {unsure}.",
    "live.calibration_part": "{right} of {n} right ({share})",
    "live.taps_caption": "the class's taps ({n}): each a dot, their density as heat",
    "live.gradcam_caption": "Grad-CAM for {cls}, with the class's taps",
    "live.gradcam_mine": "Grad-CAM for {cls}, with your tap",
    "live.look_reveal": "{k} of {n} taps ({share}) fell on the quarter of the picture Grad-CAM weighs most for "
    "{cls}; by "
    "chance {chance} would.",
    "live.again": "Discuss, vote again",
    "live.again_help": "The first vote stays on screen; the phones ask again, showing each student their first answer. "
    "Reveal then shows both and how many changed their mind.",
    "live.confidence": "How sure?",
    "live.confidence_help": "Each student also says whether they are sure. After Reveal: how often the sure and the "
    "unsure "
    "answers were right.",
    "live.sure": "sure",
    "live.unsure": "not sure",
    "live.second_vote_suffix": "(second vote)",
    "live.with_sure": "{answer} ({sure})",
    "live.tap_at": "row {row}, column {col}",
    "live.why_link": "See why: {page}, the step that shows it",
    "live.kind.conv_value": "the output value at this step",
    "live.kind.conv_size": "the output size",
    "live.kind.pool_max": "the max-pooled value at this step",
    "live.kind.pool_average": "the average-pooled value at this step",
    "live.kind.look": "where the network looked in this picture",
    "live.kind.epoch_accuracy": "the test accuracy after the first epoch (an estimate)",
    "live.kind.field_size": "how wide a square this cell sees",
    "live.kind.zero_maps": "how many of these maps are all zero",
    "live.kind.excites_none": "which picture excites this map more, with no references",
    "live.kind.excites_synthetic": "which picture excites this map more, beside what it wants to see",
    "live.kind.excites_natural": "which picture excites this map more, beside its training patches",
    "live.kind.predict": "the class the network will give this picture",
    "live.kind.trap_same_filter": "true or false: the same filter on every channel",
    "live.kind.trap_bias": "true or false: a bias for every channel",
    "live.kind.trap_pool_stride": "true or false: pooling stride",
    "live.q.conv_value": "What is the output value at row {row}, column {col}?",
    "live.q.conv_size": "A {n} x {n} picture, a {k} x {k} filter, stride {s}, padding {p}: how many rows does "
    "the output have?",
    "live.q.pool_max": "Max pooling, window {size}, stride {stride}: what is the output at row {row}, column {col}?",
    "live.q.pool_average": "Average pooling, window {size}, stride {stride}: what is the output at row {row}, "
    "column {col}?",
    "live.q.look": "Where did the network look to say {cls}? Tap the part of the picture that mattered most.",
    "live.q.epoch_accuracy": "The real training, replayed: after its first epoch, what share of the app's 1,000 test "
    "pictures will the network get right, in %? (Within {within} points counts.)",
    "live.q.field_size": "A cell of {layer} depends on a square of the picture. How many pixels wide is that square?",
    "live.q.zero_maps": "Of the {total} maps of {layer} on the screen, how many are all zero (completely dark)?",
    "live.q.excites_none": "Which picture makes {layer} map {map} respond more, A or B? (no reference pictures)",
    "live.q.excites_synthetic": "Which picture makes {layer} map {map} respond more, A or B? (references: what the "
    "map wants to see)",
    "live.q.excites_natural": "Which picture makes {layer} map {map} respond more, A or B? (references: its "
    "strongest training patches)",
    "live.q.predict": "Which class will the network give this picture?",
    "live.q.trap_same_filter": "True or false: a convolution filter uses the same weights on the red, green "
    "and blue channels.",
    "live.q.trap_bias": "True or false: the bias is added to each channel's sum, so three times for a colour picture.",
    "live.q.trap_pool_stride": "True or false: a 2 x 2 pooling window always moves 2 cells at a time.",
    "live.true": "True",
    "live.A": "A",
    "live.B": "B",
    "live.false": "False",
    "live.enter_code": "Type the code your teacher shows.",
    "live.code": "Room code",
    "live.join": "Join",
    "live.bad_code": "A room code is 6 letters and digits, like ABC234.",
    "live.no_room": "There is no live class with the code {code} (it may have ended). Check the code.",
    "live.in_room": "Room {code}",
    "live.unavailable": "The live class cannot reach its rooms right now: this page tries again by itself "
    "every few seconds.",
    "live.said_revealed": "{number} revealed: the answer is {answer}.",
    "live.said_revealed_tap": "{number} revealed: see where the network looked.",
    "live.said_time_up": "{number}: time is up.",
    "live.type_first": "Type a number first, then Send.",
    "live.ended": "This live class has ended.",
    "live.wait_first": "You are in. The first question appears here when your teacher asks it.",
    "live.too_late": "Your answer came after the reveal or for an earlier question, so it was not counted.",
    "live.your_number": "Your answer",
    "live.send": "Send",
    "live.answer_failed": "Your answer did not reach the class. Check your connection, then send it again.",
    "live.percent_range": "Type a number from 0 to 100 (it is a percentage).",
    "live.sure_then_sent": "Now say how sure you are: your answer is sent as soon as you do.",
    "live.time_up_late": "Time was up before your answer arrived, so it was not counted.",
    "live.number_too_long": "That number is too long to send.",
    "live.sending": "Sending your answer…",
    "live.close_note": "OK",
    "live.sent": "Your answer: **{answer}**. You can change it until your teacher reveals.",
    "live.sent_closed": "Your answer: **{answer}**.",
    "live.answers_so_far": "Answers so far",
    "live.options": "Options",
    "live.already_open": "That question is open already: Reveal it first, or ask about something else.",
    "live.more": "Ask, time, end",
    "live.ask_instead": "Ask this instead",
    "live.time_up_short": "time is up",
    "live.how_sure": "How sure are you?",
    "live.sure_first": "Say how sure you are first, then give your answer.",
    "live.your_first": "Your first answer: {answer}. Talk it over with your neighbours, then vote again (the same "
    "answer is "
    "fine).",
    "live.first_right": "Your first answer, {answer}, was right.",
    "live.first_wrong": "Your first answer was {answer}.",
    "live.tap_here": "Tap the picture where you think the network looked. You can tap again until the reveal.",
    "live.your_tap": "Your tap: row {row}, column {col}.",
    "live.tap_missed": "You did not tap this picture.",
    "live.tap_on": "Your tap is on the quarter of the picture the network weighed most.",
    "live.tap_off": "Your tap is outside the quarter of the picture the network weighed most.",
    "live.class_taps": "{right} of {n} taps in the class ({share}) fell there; by chance {chance} would.",
    "live.you_missed": "The answer: **{answer}**. You did not answer this one.",
    "live.you_right": "Right: the answer is **{answer}**.",
    "live.you_wrong": "The answer: **{answer}** (you said {mine}).",
    "live.class_share": "{share} of the class got it ({right} of {n}).",
    "live.nobody_answered": "Nobody answered this one.",
    "live.revealed_none": "The answer: **{answer}**. Nobody answered.",
    "plan.title": "Plan a lesson",
    "plan.intro": "Choose the picture, the steps to show in their order, and where the class answers a question. The "
    "plan lives in its link: send it to yourself, open it in presenter mode, and Next walks exactly "
    "these steps, opening each question where you put it. Print its worksheet for the class.",
    "plan.bad_link": "This link holds no lesson plan that can be read (it may have been cut short). "
    "Here is an empty plan.",
    "plan.h_picture": "1. The picture",
    "plan.picture": "The picture the lesson is about",
    "plan.picture_own": "The one on the screen (a student's own)",
    "plan.h_steps": "2. The steps",
    "plan.empty": "No steps yet: add one below, or start from the example (the article's story in ten steps).",
    "plan.example": "Start from the example",
    "plan.up": "Earlier",
    "plan.down": "Later",
    "plan.drop": "Remove this step",
    "plan.clear": "Remove every step",
    "plan.h_add": "Add a step",
    "plan.page": "Page",
    "plan.layer": "Layer",
    "plan.step_n": "Step (1 to {n})",
    "plan.step": "Step",
    "plan.step_help": "Counted as the presenter's toolbar counts them (“Convolution · 5 / 9” is step 5): "
    "the page's own slider counts its positions from 0.",
    "plan.clear_sure": "Yes, remove all {n} steps",
    "plan.ask": "Question",
    "plan.no_question": "no question",
    "plan.again": "Vote again",
    "plan.again_help": "Peer instruction: after the first vote the class discusses and votes again before Reveal.",
    "plan.add": "Add this step",
    "plan.full": "A plan holds at most {n} steps.",
    "plan.step_of_page": "{page} · step {step}",
    "plan.layer_of_page": "{page} · layer {step}",
    "plan.asks": "asks: {what}",
    "plan.sure_short": "how sure",
    "plan.again_short": "vote again",
    "plan.h_use": "3. Use it",
    "plan.nothing_yet": "Add a step to get the plan's link and worksheet.",
    "plan.link_text": "The plan's link (it opens in the reader's own language):",
    "plan.too_long": "This plan is too long for a link ({n} characters; at most {most}). "
    "Download it as a file, and open the file here in class.",
    "plan.present": "▶ Present this plan",
    "plan.worksheet": "🖨 Worksheet",
    "plan.download": "⬇ Plan as a file",
    "plan.open_file": "Open a plan file",
    "plan.read_dropped": {
        "count": "n",
        "one": "1 step of this plan could not be read whole (a page, a setting or a question this app "
        "does not have): it was left out or read in part.",
        "other": "{n} steps of this plan could not be read whole (a page, a setting or a question this app "
        "does not have): they were left out or read in part.",
    },
    "plan.read_cut": "A plan holds at most {most} steps: the {n} after them were left out.",
    "plan.read_picture": "This app has no picture “{picture}”: the plan uses the one on the screen.",
    "plan.file_too_large": "This file is larger than any lesson plan ({kb} kB at most): it was not opened. "
    "The plan on the screen is unchanged.",
    "plan.bad_file": "This file is not a lesson plan (a plan file is the .json that “Plan as a file” saves). "
    "The plan on the screen is unchanged.",
    "plan.where": "Plan {n} / {of} · {step}",
    "plan.worksheet_title": "The plan's worksheet",
    "plan.print_how": "Print with your browser (Ctrl+P or ⌘P, or Save as PDF): only the worksheet is printed, and the "
    "answer key starts on a page of its own.",
    "plan.back_to_plan": "◀ Back to the plan",
    "plan.sheet_title": "CNN Viz worksheet",
    "plan.sheet_name": "Name:",
    "plan.sheet_date": "Date:",
    "plan.sheet_question": "Question:",
    "plan.sheet_again": "After discussing it: your second answer.",
    "plan.sheet_filter": "{channel} filter",
    "plan.sheet_bias": "Bias: {bias}",
    "plan.sheet_cell": "The window for output row {row}, column {col} is outlined.",
    "plan.sheet_pool_input": "Input (the convolution's output)",
    "plan.sheet_layer": "Layer: {layer}",
    "plan.sheet_picture": "The picture this lesson is about.",
    "plan.sheet_look": "Where did the network look for its answer? Shade the squares that mattered most.",
    "plan.sheet_look_cls": "Where did the network look to say {cls}? Shade the squares that mattered most.",
    "plan.sheet_on_board": "The numbers for this one are on the board.",
    "plan.sheet_your_answer": "(your step {n})",
    "plan.sheet_pool_window": "The window's values",
    "plan.sheet_on_board_pictures": "The pictures for this one are on the board.",
    "plan.sheet_own_picture": "The answers about the picture are for the picture open when this sheet was made; "
    "in class, the one on the screen may differ.",
    "plan.sheet_key": "Answer key (for the teacher)",
    "plan.sheet_key_step": "Step {n}:",
    "plan.sheet_looked": "The quarter of the picture the network weighed most (bright):",
    "plan.sheet_no_questions": "This plan asks no questions.",
    "results.title": "Class report · room {code}",
    "results.plan_step": "Plan step {n} · {step}",
    "results.col_number": "No.",
    "results.col_step": "Step",
    "results.col_question": "Question",
    "results.col_answer": "Answer",
    "results.col_answered": "Answered",
    "results.col_sure": "Sure / unsure right",
    "results.col_wrong": "Most common wrong answers",
    "results.col_vote": "Vote",
    "results.col_right": "Right",
    "results.first_vote": "first",
    "results.second_vote": "second",
    "results.intro": "{date}: {n} questions, {votes} votes (a question voted on twice has a line for each vote), "
    "in the order they were asked.",
}

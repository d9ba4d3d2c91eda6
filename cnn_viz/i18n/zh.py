"""简体中文字符串，顺序与菜单相同。键与 en.py 相同；{名称} 由调用方填入。"""

STRINGS = {
    # ------------------------------------------------------------ the menu
    "nav.home": "首页",
    "nav.image": "图像即数字",
    "nav.conv": "卷积",
    "nav.pool": "池化",
    "nav.data": "数据：CIFAR-10",
    "nav.maps": "特征图",
    "nav.cell": "走进一个格子",
    "nav.predict": "预测",
    "nav.why": "为什么是这一类？",
    "nav.teach": "教它新类别",
    "nav.live": "课堂互动",
    "nav.plan": "课程计划",
    "nav.report": "模型报告",
    "nav.own": "你自己的模型",
    # ------------------------------------------------------------ every page: toolbar, frame, messages
    "ui.language": "语言",
    "ui.presenter": "演示模式",
    "ui.presenter_help": "为投影仪放大文字和图表，并用一个“下一步”按钮走完整节课。",
    "ui.back": "◀ 上一步",
    "ui.next": "下一步 ▶",
    "ui.play": "自动播放",
    "ui.speed": "每步秒数",
    "ui.play_quiz": "测验时不自动播放：每个数值都要先回答。",
    "ui.lesson_back": "◀ 上一步",
    "ui.reveal_first": "有一道题正在作答：请先公布答案（再往后翻会露出答案）。",
    "ui.lesson_next": "下一步 ▶",
    "ui.lesson_where": "{page} · {step}",
    "ui.next_lesson": "下一课：{title}",
    "ui.refused_value": "有个控件送来了它无法接受的值，已恢复为默认值。",
    "list.separator": "、",
    "http.no_such_page": "没有这个页面",
    "http.no_such_page_text": "CNN Viz 没有 {path} 这个页面。它的页面有：",
    "conn.title": "与服务器的连接断开了",
    "conn.text": "页面保持不变，网络或服务器恢复后会自动重新连接。你设置的内容都不会丢失：地址栏里保存着它们。",
    "asset.missing": "这一部分需要文件 {file}，但服务器读不了它，所以略去；页面的其余部分照常可用。",
    "model.unavailable": "无法加载训练好的模型（{file} 缺失或已损坏），所以本页无法展示网络；图片、卷积和池化的课程"
    "不需要它，照常可用；运行 `python -m cnn_viz train --data-dir ../shared/cifar10 --epochs 40 --augment` "
    "可以重新训练出模型。",
    # ------------------------------------------------------------ the current picture and its sources
    "src.header": "你的图片",
    "src.where": "图片来源",
    "src.sample": "示例图库",
    "src.upload": "上传",
    "src.draw": "画一张",
    "src.camera": "摄像头",
    "src.sample_label": "CIFAR-10 测试图片",
    "src.sample_option": "{cls} #{n}",
    "src.too_big_browser": "这张图片超过 {mb} MB，这里的图片最多这么大，所以浏览器没有发送它。",
    "src.upload_label": "上传图片（PNG、JPEG、GIF、WebP、BMP、TIFF；不超过 10 MB）",
    "src.camera_label": "拍一张照片",
    "src.colour": "颜色",
    "src.brush": "笔刷粗细",
    "src.clear": "清空",
    "src.use": "使用这幅画",
    "src.empty_canvas": "画布是空的：请先画点什么。",
    "src.kept": "仍在使用之前的图片。",
    "src.no_gallery": "这台服务器上没有示例图片：请上传、拍摄或画一张图片，或者使用下面的图片。",
    "gallery.missing": "这台服务器上没有示例图片，所以这里无法显示。",
    "src.reading": "正在读取你的图片…",
    "src.caption_sample": "示例 {cls} #{n}（CIFAR-10 测试图片）",
    "src.caption_upload": "你上传的图片",
    "src.caption_camera": "你拍的照片",
    "src.caption_drawing": "你画的图",
    # ------------------------------------------------------------ refused pictures (one sentence each)
    "err.empty": "文件是空的：请选择一个图片文件。",
    "err.file_too_big": "这个文件有 {mb} MB，超过了这里图片的上限 {limit} MB：请换一个小一些的版本。",
    "err.heic": "不支持 HEIC 和 AVIF 照片：请另存为 JPEG 或 PNG 后再使用。",
    "err.bomb": "这张图片像素太多，无法安全打开：请使用较小的版本。",
    "err.not_image": "CNN Viz 无法读取这个文件：请使用 PNG、JPEG、GIF、WebP、BMP 或 TIFF 图片。",
    "err.damaged": "这张图片已损坏或不完整，无法读取：请重新保存后使用新文件。",
    "err.no_pixels": "这张图片没有像素：请换一张。",
    "err.let_go": "这张图片在等待读取时被放弃了，因为还有别的图片在等：请再添加一次。",
    "err.too_big": "这张图片有 {width:,} x {height:,} 像素，超过了 CNN Viz 能打开的 {limit} 百万像素："
    "请使用较小的版本。",
    "editor.empty": "空单元格按 0 计算。",
    "editor.limit": "这里的数字限制在 ±{limit} 以内。",
    # ------------------------------------------------------------ CIFAR-10 classes
    "class.airplane": "飞机",
    "class.automobile": "汽车",
    "class.bird": "鸟",
    "class.cat": "猫",
    "class.deer": "鹿",
    "class.dog": "狗",
    "class.frog": "青蛙",
    "class.horse": "马",
    "class.ship": "船",
    "class.truck": "卡车",
    # ------------------------------------------------------------ words figures write themselves
    "fig.row": "行",
    "fig.column": "列",
    "fig.value": "数值",
    "fig.map": "特征图",
    "fig.red": "红",
    "fig.green": "绿",
    "fig.blue": "蓝",
    "fig.pipeline": "网络的各个阶段：输入一张 32 x 32 的图片，输出十个类别的分数",
    "fig.stage.image": "图像",
    "fig.stage.conv": "卷积",
    "fig.stage.pool": "池化",
    "fig.stage.flatten": "展平",
    "fig.stage.dense": "全连接",
    "fig.pipeline_swipe": "← 左右滑动图片，查看每个阶段 →",
    "fig.stage.classes": "十个类别",
    "fig.probability_axis": "概率 (%)",
    "fig.true_suffix": "（真实类别）",
    "fig.epoch": "轮次",
    "fig.training": "训练集",
    "fig.test": "测试集",
    "fig.predicted": "预测类别",
    "fig.true": "真实类别",
    "fig.confusion_hover": "真实 {true}，预测 {predicted}：{count}",
    # ------------------------------------------------------------ the quiz (Convolution and Pooling)
    "quiz.toggle": "考考我",
    "quiz.help": "每个数字显示之前先猜一猜。",
    "quiz.ask_cell": "轮到你了：输出的第 {row} 行、第 {col} 列应该填什么值？",
    "quiz.ask_size": "轮到你了：输出会有多少行（和多少列）？",
    "quiz.ask_pool": "轮到你了：{mode}池化对这个窗口会得到什么？",
    "quiz.answer": "你的答案",
    "quiz.check": "检查",
    "quiz.size_first": "请先回答上面的输出大小：输出网格会泄露答案。",
    "quiz.right": "答对了：是 {value}。",
    "quiz.wrong": "不太对：你答的是 {answer}，正确答案是 {value}。",
    "quiz.no_answer": "请先输入一个数字。",
    # ------------------------------------------------------------ Home
    "home.title": "卷积神经网络如何看一张图片",
    "home.intro": "一个在 5 万张小照片上训练过的小型卷积神经网络（CNN），能把任何图片归入十个类别之一。"
    "本应用带着一张图片走完整个网络。你看到的每个数字都是实时算出来的，"
    "用的正是课程里让你一步步演示的同一套代码。",
    "home.card.image": "彩色图片以三张数字网格存储，分别对应红、绿、蓝。网络看到的只有这些："
    "32 x 32 个像素，每个像素三个数值，从 0-255 缩放到 0-1。",
    "home.card.conv": "一个小滤波器在图片上滑动。在每个位置，它把下面的像素与自己的权重相乘，"
    "再把三个颜色通道的乘积全部相加，得到一个数。这些数组成的网格比原图小，"
    "显示出滤波器所找的图案出现在哪里。",
    "home.card.pool": "池化只保留每个小窗口中的最大值（或平均值），让网格进一步变小。"
    "重要的信息留下来，细小的噪声和精确的位置就不那么重要了。",
    "home.card.data": "网络学习用的 60,000 张带标签的小图片，它们怎样分成训练集和测试集，以及网络实际收到的数。",
    "home.card.maps": "三次卷积和两次池化把 32x32x3 的图片变成 64 张 4x4 的小特征图。用你自己的图片看看每一张特征图。",
    "home.card.cell": "点开任意一层的任意一个格子，一路追到它看到的像素：真实网络的窗口、滤波器、乘积、求和与偏置，"
    "一步一步地看，还有最能激发每张特征图的训练图片片段。",
    "home.card.predict": "最后的特征图被展平成 1,024 个数；两个全连接层把它们变成十个分数，softmax 再把分数变成概率。",
    "home.card.why": "你的图片里是什么推动了每一类的分数（Grad-CAM、遮挡、输入梯度），"
    "它像哪些训练图片，为什么网络对噪声的置信度也很高，"
    "以及骗过它的最小改动。",
    "home.card.live": "为课堂准备：老师在演示模式下开一个房间，学生用手机加入，回答屏幕上这一步的问题；"
    "投影上实时显示他们的答案。",
    "home.card.own": "用 Keras 训练过小型 CNN？打开它的 .keras 文件，看看它的各层、它的答案和它算出的每张特征图。",
    "home.card.plan": "给老师课前用：选好图片、步骤和提问的地方，把计划作为链接发出去，"
    "上课时按“下一步”走，并打印练习纸。",
    "home.card.teach": "给网络看几张它从没学过的东西的图片（吉祥物、笔袋），看一个新的最后一层学会它。",
    "home.card.report": "训练曲线、混淆矩阵，以及模型判断错误的图片，都是在它从未训练过的 10,000 张测试图片上测得的。",
    "home.dense.header": "为什么不把每个像素都连到每个神经元？",
    "home.dense.text": "全连接层中，每个神经元对每个输入数字都有一个权重。对图片来说，这个数量增长得很快；"
    "卷积则在整张图片上重复使用同一个小滤波器。",
    "home.width": "图片宽度（像素）",
    "home.height": "图片高度（像素）",
    "home.channels": "颜色通道数",
    "home.neurons": "第一隐藏层的神经元数",
    "home.weights_metric": "每个神经元的权重数",
    "home.weights_help": "宽 x 高 x 通道数",
    "home.dense_result": "{width:,} x {height:,} x {channels} = **{inputs:,} 个输入**，所以 {neurons:,} "
    "个神经元中的每一个都需要 {inputs:,} 个权重：仅第一层就有 **{total:,} 个权重**。"
    "而这里网络的第一个卷积层有 32 个 3 x 3 x 3 的滤波器，各加一个偏置："
    "共 896 个参数，与图片大小无关。",
    # ------------------------------------------------------------ Image as numbers
    "img.title": "图片是三个矩阵",
    "img.pick": "在侧边栏选一张图片：示例、你上传的图片、你画的图或摄像头拍的照片。",
    "img.h1": "1 · 网络实际看到的是什么",
    "img.original": "你的图片：{width} x {height} 像素",
    "img.original_shrunk": "你的图片：{file_w:,} x {file_h:,} 像素，这里保留为 {width} x {height}",
    "img.cropped": "中间的正方形：{side} x {side}",
    "img.resized": "缩小到 32 x 32：网络的输入",
    "img.why": "网络是用 32 x 32 的图片训练的，所以每张图片都会先裁成中间的正方形，"
    "再缩小到 32 x 32 像素。很多细节因此丢失：这就是网络能看到的全部。",
    "img.h2": "2 · 三个矩阵：红、绿、蓝",
    "img.values": "数值",
    "img.values_255": "0-255（存储的原始值）",
    "img.values_01": "0-1（除以 255，即网络得到的值）",
    "img.region_row": "放大区域：起始行",
    "img.region_col": "放大区域：起始列",
    "img.channel_title": "{channel}",
    "img.hover_note": "把鼠标悬停在任意位置可查看像素值。洋红色方框标出第 {top}-{bottom} 行、"
    "第 {left}-{right} 列，其数值写在每个通道下方。",
    "img.h3": "3 · 最小的例子：3 x 3 的图片",
    "img.small_text": "九个像素，每个三个数：就是三个 3 x 3 矩阵。每个像素的颜色由它的红、绿、蓝数值混合而成，"
    "从 0（没有）到 255（最强）。",
    "img.small_caption": "3 x 3 像素，放大显示",
    "img.scaled_note": "除以 255 后，同样的数值落在 0 到 1 之间；输入数值小且范围相近时，网络学得更好。",
    # ------------------------------------------------------------ Convolution
    "conv.h4": "4 · 同一个滤波器用在你的图片上",
    "conv.picture_text": "上面的滤波器（每个颜色通道 {k} x {k}，带偏置，步长 {s}，填充 {p}）现在在你的 32 x 32 "
    "图片（值 0-255）上滑动：得到 {rows} x {cols} 个输出，每一个都和上面那一步的算法完全一样。改动滤波器或它的数，"
    "这张图会跟着变。",
    "conv.picture_title": "你的图片经过滤波器，{rows} x {cols}",
    "conv.picture.edited": "这是你改过的滤波器：和预设的结果比一比，看看你的数字改变了什么。",
    "conv.picture.article": "文章的滤波器给三个通道不同的正负号，所以它对颜色的反应和对形状的一样多。",
    "conv.picture.vertical-edge": "竖直边缘：中心左边记 +1，右边记 -1。"
    "竖直边缘左边更亮的地方输出为橙色，右边更亮的为蓝色；平坦区域约为 0（白色）。",
    "conv.picture.horizontal-edge": "水平边缘：同样的想法转过来：上面记 +1，下面记 -1，"
    "于是水平边缘亮起来，竖直边缘消失。",
    "conv.picture.blur": "模糊：每个权重都一样，所以每个输出是窗口的平均：图片变得更柔和，呈灰色（三个通道相加）。",
    "conv.picture.sharpen": "锐化：中心比周围重要得多，所以像素和周围不同的地方输出变化最大：边缘和纹理。",
    "conv.picture.identity": "恒等：只有中心起作用，所以输出就是图片本身（三个通道相加）。",
    "conv.title": "卷积：滤波器在图片上滑动",
    "conv.intro": "文章中的例子：一张 4 x 4、三个颜色通道的图片，每个通道一个 2 x 2 的卷积核（滤波器）。"
    "在每个位置，把滤波器下方的每个像素乘以对应的权重，再把三个通道的所有乘积相加"
    "（再加上偏置）：这个和就是一个输出值。然后移动一个像素（步长），重复这个过程。",
    "conv.h1": "1 · 数字",
    "conv.filter": "卷积核（滤波器）",
    "conv.k": "卷积核大小",
    "conv.s": "步长",
    "conv.p": "填充",
    "conv.reset": "恢复文章中的例子",
    "conv.edit": "编辑图片和滤波器",
    "conv.edit_picture": "图片，{channel}",
    "conv.edit_filter": "滤波器，{channel}",
    "conv.bias": "偏置（加到每个输出值上）",
    "conv.h2": "2 · 输出有多大？",
    "conv.size_text": "{n} x {n} 的图片、{k} x {k} 的滤波器、步长 {s}、填充 {p}，得到 "
    "**{out} x {out}** 的输出：滤波器的每个位置对应一个值。",
    "conv.no_fit": "{k} x {k} 的滤波器放不进填充 {p} 的 {n} x {n} 图片：填充后的图片（{padded} x {padded}）"
    "至少要和滤波器一样大。请把卷积核调小或增加填充。",
    "conv.uneven": "步长不能整除：滤波器无法再完整地移动一步，所以最后 {rest} 行和 {rest} 列不会被覆盖。",
    "conv.h3": "3 · 一步一步来",
    "conv.position": "输出位置",
    "conv.where": "输出位置 **第 {row} 行，第 {col} 列**：滤波器覆盖第 {top}-{bottom} 行、第 {left}-{right} 列。",
    "conv.where_padded": "输出位置 **第 {row} 行，第 {col} 列**：滤波器覆盖填充后图片的第 {top}-{bottom} 行、"
    "第 {left}-{right} 列（四周的 0 就是填充）。",
    "conv.channel_title": "{channel}色通道",
    "conv.times_filter": "× 滤波器",
    "conv.products": "= 乘积",
    "conv.sum_line": "**{channel}：** {terms} = **{total}**",
    "conv.output_line": "**输出** = {sums} + 偏置 {bias} = **{total}**",
    "conv.output_title": "输出，{rows} x {cols}",
    "conv.caption": "Keras 的 Conv2D 和 TensorFlow 的 tf.nn.conv2d 计算的正是这个和（严格地说是互相关："
    "滤波器没有翻转）。“特征图”页面上训练好的网络也由同一段代码运行。",
    "preset.article": "文章中的例子",
    "preset.vertical-edge": "竖直边缘",
    "preset.horizontal-edge": "水平边缘",
    "preset.blur": "模糊",
    "preset.sharpen": "锐化",
    "preset.identity": "恒等",
    # ------------------------------------------------------------ Pooling
    "pool.title": "池化：留下重要的，让它变小",
    "pool.intro": "池化查看矩阵中的一个个小窗口，每个窗口只保留一个数：最大值（最大池化）或平均值"
    "（平均池化）。这里的输入是文章中卷积得到的 3 x 3 输出；2 x 2 的窗口每次移动一格，"
    "得到 2 x 2 的结果。",
    "pool.h1": "1 · 数字",
    "pool.window": "窗口",
    "pool.stride": "步长",
    "pool.show": "显示",
    "pool.show.both": "最大和平均",
    "pool.show.max": "最大",
    "pool.show.average": "平均",
    "pool.reset": "恢复文章中的例子",
    "pool.edit": "编辑输入矩阵",
    "pool.edit_label": "输入（卷积的输出）",
    "pool.no_fit": "大小为 {size} 的窗口放不进 {n} x {n} 的矩阵：请把窗口调小。",
    "pool.why_stride": "为什么步长是 1？Keras 的 MaxPooling2D 默认按窗口大小移动"
    "（步长 = 窗口 = {size}）；在这个 {n} x {n} 的矩阵上只能得到 {keras_out} x {keras_out}。"
    "文章每次只移动一格，所以能放下更多窗口。后面训练好的网络使用 Keras 的默认设置："
    "2 x 2 窗口、步长 2，把每张特征图缩小一半。",
    "pool.h2": "2 · 一步一步来",
    "pool.position": "窗口",
    "pool.max_title": "最大池化",
    "pool.average_title": "平均池化",
    "pool.input_title": "输入",
    "pool.output_title": "输出，{rows} x {cols}",
    "pool.max_line": "max({values}) = **{value}**（绿框标出的格子）",
    "pool.average_line": "({values}) / {count} = {total} / {count} = **{value}**",
    "pool.h3": "3 · 为什么要池化？",
    "pool.why": "输出更小了，后面的层要处理的数字更少，要学习的权重也更少。最大池化保留每个窗口中最强的响应，"
    "所以一个特征即使移动了一个像素也依然有效；从来不是最大值的小噪声就消失了。"
    "平均池化则起平滑作用：单个噪声值会被周围的值稀释。",
    "pool.mode.max": "最大",
    "pool.mode.average": "平均",
    # ------------------------------------------------------------ The data: CIFAR-10
    "data.title": "网络从哪里学：CIFAR-10",
    "data.intro": "在能分类任何图片之前，网络先看了数万张带标签的图片。"
    "它们来自 CIFAR-10，一个专为这类实验收集的数据集。",
    "data.m_pictures": "彩色图片",
    "data.m_size": "像素 x 通道",
    "data.m_classes": "类别 x 图片",
    "data.m_split": "训练 / 测试",
    "data.split_text": "网络只用 50,000 张训练图片学习权重。10,000 张测试图片单独留出："
    "模型报告页上的准确率就是在它们上测得的，所以它说明网络在从没见过的图片上表现如何。",
    "data.h1": "1 · 每个类别的一张训练图片",
    "data.first_caption": "每个类别的第一张训练图片，按本应用所用的 CIFAR-10 副本的顺序（逐个类别存放）。"
    "每张只有 32 x 32 像素，这里放大显示。",
    "data.h2": "2 · 每个类别的几张测试图片",
    "data.test_caption": "每个类别 {n} 张随应用附带的示例：小而居中的完整物体。"
    "和这些不同的图片（特写、手绘、截图）对网络来说更难。",
    "data.h3": "3 · 网络收到的是什么",
    "data.example_caption": "一张训练图片（{cls}）",
    "data.scaling": "它左上角的像素是红 {r}、绿 {g}、蓝 {b}。训练前，每个值都除以 255："
    "{r} / 255 {sign} {sr}，{g} / 255 {sign} {sg}，{b} / 255 {sign} {sb}。",
    "data.scaling_range": "所以一张图片的全部 3,072 个数都在 0 到 1 之间。"
    "数值处在同一个小范围里，训练比直接用 0-255 更稳定。",
    "data.copy_note": "这里使用的副本重新编码成了 JPEG，所以像素值和原始版本略有不同；标签和训练/测试划分是标准的。"
    "本应用中的准确率都是在这个副本上测得的。",
    "data.CIFAR-10 JPEG copy": "CIFAR-10 JPEG 副本",
    "data.CIFAR-10 (keras.datasets download)": "CIFAR-10（keras.datasets 下载版）",
    "data.test_split": "{source}的测试集（{n:,} 张图片）",
    # ------------------------------------------------------------ Feature maps
    "maps.title": "你的图片穿过每一层",
    "maps.intro": "每个卷积层有许多滤波器；每个滤波器生成一张特征图，显示它所找的图案出现在哪里。"
    "越亮表示响应越强。这些特征图是此刻用你的图片、由与课程相同的卷积和池化代码算出来的。"
    "下面的层名：conv1（卷积层 1）到 conv3（卷积层 3），pool1、pool2（池化层 1、2），"
    "flatten（展平），dense（全连接层），logits（十个类别的分数）。",
    "maps.all_zero": "这张特征图的每个值都是 0：ReLU 把它们全部置零了，"
    "因为这个滤波器在你的图片里哪儿也没找到它的图案。",
    "maps.silent_maps": "对这张图片，这 {total} 张特征图中有 {n} 张全是 0（它们的滤波器什么也没找到）。",
    "maps.h1": "1 · 每一层的形状",
    "maps.col_layer": "层",
    "maps.col_shape": "输出形状",
    "maps.col_params": "参数",
    "maps.input": "输入",
    "maps.params_line": "参数：{terms} = **{total}**",
    "maps.h2": "2 · 特征图",
    "maps.pill.flatten": "展平 flatten",
    "maps.pill.dense": "全连接 dense",
    "maps.pill.logits": "分数 logits",
    "maps.layer": "层",
    "maps.shared": "所有特征图使用同一色标",
    "maps.shared_help": "关闭时：每张特征图拉伸到自己的数值范围，以显示其图案。",
    "maps.click_map": "点击一张特征图，在下方放大查看。",
    "maps.grid_caption": "{layer}：{n} 张 {h} x {w} 的特征图，每张下方有编号。悬停可查看最小值和最大值。",
    "maps.logits_title": "logits：每个类别一个分数",
    "maps.vector_title": "{layer}：{n} 个数",
    "maps.flatten_note": "展平层把 conv3 的 4 x 4 x 64 特征图排成一行 1,024 个数。没有丢失任何信息，"
    "只是换了排列方式，以便全连接层接收。",
    "maps.toy_title": "先看文章里的小例子：是狗还是不是狗？",
    "maps.toy_intro": "文章的例子在池化之后得到一个 2 x 2 矩阵 {matrix}。全连接层把它排成一行四个数，并把每"
    "个数连接到这一层的每个神经元：每个神经元对每个数都有一个权重，把乘积加起来，再加上它的偏置。文章只问"
    "一个问题：是不是狗，所以这一层有两个神经元。文章没有给出权重：这里的权重是编的，取了整齐的数，方便手"
    "算验证；训练好的网络会自己学出权重。",
    "maps.toy_figure": "2 x 2 矩阵展平成四个数，每个数都连接到两个神经元",
    "maps.toy_caption": "每条线是一个权重：橙色大于 0，蓝色小于 0，灰色虚线等于 0；线越粗，权重的绝对值越大。",
    "maps.toy_sum": "**{name}**：{terms} + 偏置 {bias} = **{total}**",
    "maps.toy_softmax": "Softmax 把两个分数变成概率：P（{name}）= $\\dfrac{{e^{{{a}}}}}{"
    "{e^{{{a}}} + e^{{{b}}}}}$ ≈ **{p} %**。答案：**{name}*"
    "*。",
    "maps.toy_params": "{n_in} 个数 x {n_out} 个神经元 = {weights} 个权重，加上 {n_out"
    "} 个偏置：共 {total} 个参数。网络真正的全连接层（下面）做的是同样的事，只是有 {real"
    "_in:,} 个数和 {real_out} 个神经元：{real_in:,} x {real_out"
    "} + {real_out} = {real_total:,} 个参数。",
    "maps.toy_class.dog": "狗",
    "maps.toy_class.not_dog": "不是狗",
    "maps.real_dense": "网络的全连接层",
    "maps.h3": "3 · 近看一张特征图",
    "maps.map": "特征图",
    "maps.input_caption": "网络的输入",
    "maps.map_title": "{layer}，第 {i} 张",
    "maps.filter_rgb": "它的滤波器（{layer}，{kh} x {kw} x 3，以颜色显示）",
    "maps.filter_picture": "它在 {layer} 中的滤波器：{kh} x {kw} 个权重，直接作用在图片上",
    "maps.filter_deep": "它在 {layer} 中的滤波器：对上一层 {c} 张特征图各有 {kh} x {kw} 个权重",
    "maps.click_cell": "点一个格子即可打开它：看它在图片里看哪里，以及算出它的每一个数。",
    "maps.exemplars": "**{layer} 第 {map} 张图对什么有反应：** 最能激发它的 9 张训练图片，各自裁成最强格子的感受野"
    "（{size} x {size} 像素），下面是格子的值。",
    "maps.h4": "4 · 第一层在找什么",
    "maps.filters_text": "conv1 的 32 个滤波器，每个是三种颜色的 3 x 3 像素，已拉伸到最大对比度。"
    "训练把它们塑造成了边缘和色块的检测器。",
    "maps.h5": "5 · ReLU：负值变为零",
    "maps.relu_map": "{layer} 特征图",
    "maps.before": "ReLU 之前",
    "maps.after": "ReLU 之后：max(0, 值)",
    "maps.relu_count": "{total} 个值中有 {negative} 个是负数，现在变成了 0。",
    "wants.h": "**{layer} 第 {map} 张特征图想看到什么**",
    "wants.caption": "{layer} 第 {map} 张图：它反应最强的图片",
    "wants.recipe": "这是一张理想化的输入，不是照片：从灰色开始（起点 {seed}），走了 {steps} 小步，"
    "每一步都按最能抬高这张特征图（激活之前）平均值的方向改动像素。为了看得清，"
    "每一步都在平移了至多 {jitter} 个像素的图片上计算，再把图片朝灰色拉回 {decay}，"
    "每 {blur} 步轻微模糊一次；像素始终在 0-1 之间。",
    "wants.plain": "不加正则化：从灰色开始（起点 {seed}），走了 {steps} 小步，每一步都按最能抬高平均值的方向改动像素，"
    "只限制在 0-1 之间，别的都不做。平均值照样上升，却变成照片里没有的细碎像素花纹："
    "这正是可读版本要平移、拉回和模糊的原因。",
    "wants.reached": "这个平均值在这张理想化的图上是 {reached}；在随应用附带的 60 张测试图片中最好的一张上是 {best}。",
    "wants.reached_own": "这个平均值在这张理想化的图上是 {reached}。",
    "wants.flat": "几乎是一种纯色：最能抬高这张特征图平均值的是一张纯色图片，而不是某种花纹"
    "（它的滤波器权重大多同号，所以每个像素都往同一个方向推）。",
    "wants.dead": "这张特征图在试过的每张图片上都低于 0：攀升也只到了 {reached}，所以经过 ReLU 后它一片黑。"
    "这里显示的是它能达到的最不负的值，而不是它会响应的花纹。",
    "wants.pooled": "{layer} 逐张保留 {conv} 特征图里最大的值：它的第 {map} 张图就是 {conv} 第 {map} 张图池化后的样子，"
    "所以这里显示的是那张图想看到什么。",
    "wants.seed": "起点（随机种子）",
    "wants.seed_help": "攀升从带一点随机噪声的灰色开始；换一个种子就换一个起点。"
    "起点 0 立即显示；其他起点现场计算，大约一秒。",
    "wants.plain_toggle": "不加正则化",
    "wants.plain_help": "只按像素攀升：不平移、不拉回灰色、不模糊。",
    "wants.grid_h": "**{layer} 的全部特征图（{n} 张）**",
    "wants.grid_caption": "每张都从起点 0 并加正则化得到（随应用附带的那一套），与左边放大的图用什么设置无关。"
    "点一张图，就在左边放大看它，上方显示它自己的数字。",
    "wants.ask_grid": "显示全部 {n} 张特征图想看到什么",
    "wants.ask_grid_note": "为你的模型现场逐张计算：这里大约需要 {n} 秒。",
    "wants.climbing_n": "攀升中：{done} / {n}",
    "wants.classes_h": "**网络心目中的每个类别**",
    "wants.classes_shipped": "每张图都是理想化的输入，不是照片：从灰色开始，走了 {steps} 小步，每一步都按最能抬高"
    "这个类别分数的方向改动像素（加了平移、轻微模糊，并限制在 0-1 之间）。"
    "它显示的是什么能推高分数，而不是这个类别长什么样。点一张，就能看到离它最近的训练图片。",
    "wants.classes_own": "每张图都是为你的模型算出的理想化输入，做法相同："
    "从灰色开始走 {steps} 小步，每一步都最能抬高那个类别的分数。点一张就能放大看。",
    "wants.ask_classes": "显示你的模型心目中的 {n} 个类别",
    "wants.too_many_classes": "你的模型有 {n} 个类别；这里只为最多 {most} 个类别的模型计算类别图片。",
    "wants.idea_of": "网络心目中的{cls}",
    "wants.nearest_h": "**在网络眼中离它最近的 {n} 张训练图片**",
    "wants.nearest_one": "{cls} · 距离 {d}",
    "wants.nearest_note": "按全连接层的 64 个数衡量远近，在应用附带的 {total} 张训练图片中寻找；"
    "每张下面是它的真实类别和距离。",
    "wants.ask": "显示这张特征图想看到什么",
    "wants.ask_note": "为你的模型现场计算：图片走 {steps} 小步，这里每张特征图大约一秒。",
    "wants.climbing": "正在朝这张特征图想看到的样子攀升……",
    # ------------------------------------------------------------ watch it learn (model report)
    "learn.h4": "4 · 看它学习：重放真实的训练过程",
    "learn.h4_intro": "上面的网络是 Keras 从随机数开始训练出来的。那次训练过程中，我们在一些时刻保存了它的权重"
    "（最后一个时刻就是这个网络本身）。拖动滑块：下面每个视图都用那个时刻的网络现场算出。",
    "learn.h5": "5 · 现场训练一个",
    "learn.h5_intro": "一个结构相同的网络，在你的浏览器会话里从随机数开始训练，用的是应用自带的一小部分 CIFAR-10。"
    "它每隔大约一秒学一小段，好让服务器也能照顾其他人：一分钟后准确率大约只有 30%，达不到真网络的 75%。",
    "learn.at": "训练的时刻",
    "learn.at_start": "开始时：随机权重",
    "learn.at_step": "{n} 步之后",
    "learn.at_epoch": "第 {n} 轮之后",
    "learn.moment_start": "**开始时**：随机权重，一步都还没走。它在瞎猜：大约 10 个答案里对 1 个。",
    "learn.moment": "**{when}**：走了 {steps} 步，每步 64 张图片（相当于 50,000 张训练图片的 {epochs} 轮）。",
    "learn.filters_h": "**conv1 的 32 个滤波器**",
    "learn.filters_caption": "此刻 conv1 的滤波器，每个按自己的范围拉伸",
    "learn.loss": "损失",
    "learn.here": "此刻",
    "learn.loss_title": "训练损失（Keras 在每轮各批次上的滑动平均）",
    "learn.epochs": "轮",
    "learn.maps_h": "**你的图片经过它**：每层的前 {n} 张特征图",
    "learn.probs_h": "**它怎么说**",
    "learn.accuracy": "在应用自带的 {n} 张测试图片上，它答对 **{share}**，混淆矩阵见下；"
    "在完整的 10,000 张测试集上是 {total}。",
    "learn.start_note": "从随机数开始，用应用自带的 {n} 张训练图片（每类 300 张），每步 16 张；"
    "用 500 张测试图片（每类 50 张）衡量，每秒测几张。",
    "learn.start": "开始训练",
    "learn.stop": "暂停",
    "learn.continue": "继续",
    "learn.again": "重新开始",
    "learn.no_data": "这台服务器缺少现场训练用的图片，所以这里无法训练。",
    "learn.busy": "这台服务器上已经有 {most} 个网络在训练：你的会等其中一个停下。",
    "learn.live_now": "**第 {step} 步**：已看过 {pictures} 张图片，相当于应用自带训练图片的 {epochs} 轮，"
    "已计算 {seconds} 秒（每秒至多 0.15 秒）。",
    "learn.live_unmeasured": "下一秒就会有测试准确率。",
    "learn.live_accuracy": "在最近测量的 {n} 张测试图片上答对 **{accuracy}**"
    "（每秒测 {each} 张，各用当时那一秒的网络）。",
    "learn.live_accuracy_partial": "在目前已测量的 {n} 张测试图片上答对 **{accuracy}**（每秒测 {each} 张）。",
    "learn.busy_start": "这台服务器上已经有 {most} 个网络在训练：等其中一个停下后，再按一次「开始训练」。",
    "learn.test_accuracy": "测试准确率",
    "learn.live_title": "每批的损失",
    "learn.accuracy_title": "在最近测量的 {n} 张测试图片上答对的比例",
    # ------------------------------------------------------------ which picture excites a map more (live)
    "two.refs_none": "**没有参考图。** 只看 A 和 B：哪张让 {layer} 第 {map} 张特征图反应更强？",
    "two.refs_synthetic": "**参考图：{layer} 第 {map} 张特征图想看到的图**（理想化的输入，沿网络自己的梯度攀升得到）。",
    "two.refs_natural": "**参考图：最能激发 {layer} 第 {map} 张特征图的 9 个训练图块。**",
    "two.revealed": "**{answer}** 让 {layer} 第 {map} 张特征图反应更强：这张图（ReLU 之前）的平均值在 {answer} 上是 "
    "{high}，在 {other} 上是 {low}。",
    "two.sep": "；",
    "two.on_projector": "参考图显示在投影屏幕上。",
    "two.mean_of": "{letter}：平均值 {mean}",
    "two.class_share": "全班：{n} 人中有 {right} 人选对（{share}）；随便猜是 50%。",
    "two.study": "{share}%（{study}）",
    "two.by_borowski": "Borowski 等，ICLR 2021，同样的任务",
    "two.by_zimmermann": "Zimmermann 等，NeurIPS 2021，更难的任务：两处遮挡哪处让特征图变化更大",
    "two.published_none": "研究中的受试者，没有参考图时：{studies}。",
    "two.published_synthetic": "研究中的受试者，参考它想看到的图时：{studies}。",
    "two.published_natural": "研究中的受试者，参考最强训练图块时：{studies}。",
    "two.short_none": "无参考图",
    "two.short_synthetic": "想看到的图",
    "two.short_natural": "训练图块",
    "two.part": "{refs} {n} 人中 {right} 人对（{share}）",
    "two.lesson": "本节课到目前为止（第一次投票），按参考图：{parts}。",
    # ------------------------------------------------------------ Inside a cell
    "cell.title": "走进真实网络的一个格子",
    "cell.intro": "特征图页面上的每个数，都是用卷积课和池化课里同样的算术从你的图片算出来的，只是通道更多。"
    "选一个格子（在图上点它，或输入行和列），一路追到像素。",
    "cell.h1": "1 · 选一个格子",
    "cell.map": "特征图（0-{n}）",
    "cell.row": "行",
    "cell.col": "列",
    "cell.click": "在图上点一个格子即可打开它。框出的格子就是下面要讲的那个。",
    "cell.value_line": "**{layer}，第 {map} 张图，第 {row} 行第 {col} 列** = **{value}**",
    "cell.picture_caption": "网络看到的图片（32 x 32）：框出的是这个格子的感受野，其余部分调淡，斜线是盲区",
    "cell.h2": "2 · 它看哪里：感受野",
    "cell.field": "这个格子只取决于图片第 {top}-{bottom} 行、第 {left}-{right} 列："
    "一个 {size} x {size} 的方块（已框出）。方块外的像素怎么变，这个格子的值都不变。",
    "cell.field_rect": "这个格子只取决于图片第 {top}-{bottom} 行、第 {left}-{right} 列：{h} x {w} 个像素（已框出）。"
    "这之外的像素怎么变，这个格子的值都不变。",
    "cell.chain_cell": "**{layer}**：第 {row} 行第 {col} 列的格子",
    "cell.chain_item": "**{layer}**：第 {top}-{bottom} 行，第 {left}-{right} 列（{h} x {w}）",
    "cell.picture": "图片",
    "cell.blind": "斜线标出的边，第 {a}-{b} 行和列，影响不到任何类别分数。conv1 和 conv2 还读得到它们，"
    "但 pool2 把 conv2 的 13 行向下取整成 6 行，丢掉了 conv2 的最后一行和一列，所以 conv3 没有哪个格子覆盖这些像素。"
    "改动它们，任何概率都不会变。",
    "cell.h3_conv": "3 · 计算过程，一个通道一个通道地看",
    "cell.conv_text": "和卷积课一样：这个格子的滤波器在{source}的 {c} 个通道上各放一个 {kh} x {kw} 的窗口，逐格相乘再"
    "相加；"
    "然后把各通道的和与偏置加起来，ReLU 只保留正的总和。",
    "cell.conv_text_activated": "和卷积课一样：这个格子的滤波器在 {source} 的 {c} 个通道上各放一个 {kh} x {kw} 的窗口，"
    "逐格相乘再相加；然后把各通道的和与偏置相加，这一层的激活函数 {activation} 作用于这个总和，得到特征图上的值。",
    "cell.conv_text_linear": "和卷积课一样：这个格子的滤波器在{source}的 {c} 个通道上各放一个 {kh} x {kw}"
    " 的窗口，逐格相乘再相加；然后把各通道的和与偏置加起来。这一层没有 ReLU：总和就是图上的值。",
    "cell.grouped": "这个滤波器只读下一层 {total} 张特征图中的 {c} 张（第 {first} 到 {last} 张）：分组卷积的滤波器只看"
    "自己那一组的特征图（深度卷积只看一张）。",
    "cell.dilated": "滤波器的权重彼此相隔 {step} 个格子（空洞卷积）：窗口里的格子是下一层特征图上每隔 {step} 个取一个，"
    "就像图片上框出的那样。",
    "cell.padding_zeros": "这个窗口有一部分落在下一层特征图之外：“same”填充在那里放了零，窗口边上的零就是它们。",
    "cell.many": "{c} 个通道里，把总和推动得最多（向上或向下）的 {n} 个逐个展示；其余 {rest} 个在最后合成一项加上。",
    "cell.scaled": "图片按网络看到的方式读取：每个 0-255 的值都除以 255。",
    "cell.step": "步骤",
    "cell.step_channel": "**展示的第 {i} / {n} 个通道：{name}**",
    "cell.brightness": "亮度",
    "cell.channel_of": "{source} 的第 {c} 张图",
    "cell.so_far": "目前：{terms}",
    "cell.rest_term": "{value}（其余 {n} 个通道）",
    "cell.total_line": "**总和** = {sums} + 偏置 {bias} = **{total}**",
    "cell.activation_line": "{activation}({total}) = **{value}**，即特征图上的值。",
    "cell.relu_line": "ReLU：max(0, {total}) = **{value}**，也就是图上的值。",
    "cell.no_relu_line": "这一层没有 ReLU：**{value}** 就是图上的值。",
    "cell.h3_pool": "3 · 计算过程：四个数里取最大",
    "cell.pool_text": "池化格子不做算术：它只保留{source}第 {map} 张图上 2 x 2 窗口"
    "（第 {top}-{bottom} 行、第 {left}-{right} 列，和池化课一样）"
    "里最大的值，用绿框标出。",
    "cell.h4": "4 · 这张特征图对什么有反应",
    "cell.exemplar_text": "{layer} 第 {map} 张图上最强格子最强的 9 张训练图片，各自裁成那个格子的感受野"
    "（{size} x {size} 像素），下面是格子的值。",
    "cell.exemplar_pool": "池化图只保留它所属卷积图里最大的值，所以这里展示的是 {conv} 第 {map} 张图的例子。",
    "cell.exemplar_silent": "{layer} 第 {map} 张图在全部 50,000 张训练图片上都是 0：它的滤波器从不触发，没有可展示的。",
    "cell.exemplar_value": "值 {value}",
    "cell.h5": "5 · 从 conv3 到类别分数",
    "cell.class": "类别分数",
    "cell.class_top": "预测的类别（{cls}）",
    "cell.dense_text": "最后两层也是乘法和加法。对这张图片，ReLU 让 64 个隐藏单元中的 {on} 个通过；"
    "这些确定之后，展平层从 conv3 得到的 1,024 个数，每个都给类别分数加上“值 x 权重”，连同偏置，正好得到分数：",
    "cell.dense_sum": "{up}（向上推）+ {down}（向下拉）+ {bias}（偏置）= **{logit}**，"
    "也就是预测页面上{cls}的分数（logit）。",
    "cell.by_position": "conv3 每个位置给{cls}加了多少",
    "cell.top_inputs": "对{cls}影响最大的输入",
    "cell.input_name": "conv3 第 {m} 张图 ({r}, {c})",
    "cell.dense_caption": "橙色把分数往上推，蓝色往下拉。每个位置的数是它 64 张图的总和。每个输入的权重，"
    "是对所有通过的隐藏单元，把它到该单元的权重乘以该单元到这个类别的权重，再加起来。",
    # ------------------------------------------------------------ Prediction
    "pred.title": "网络怎么说？",
    "pred.sees": "网络看到的图片（32 x 32）",
    "pred.answer": "它的答案",
    "pred.sure": "置信度 {p}",
    "pred.right": "真实类别是 **{cls}**：网络答对了。",
    "pred.wrong": "真实类别是 **{cls}**：网络答错了。",
    "pred.unsure": "网络的置信度不高：它的最佳猜测只有 {p}。它只认识十个类别，而且必须从中选一个，"
    "所以任何其他东西的图片（人脸、椅子、涂鸦）也会得到一个答案。"
    "请把它理解为“最像”，而不是“就是”。",
    "pred.own_picture": "**置信度高的答案也可能是错的。**网络只见过像下面这样的 CIFAR-10 图片："
    "小而居中、完整的十类物体。别的东西的图片，或者拍法不同的图片，照样会得到十个答案中的一个，"
    "不管条形图看起来多么确定。",
    "pred.card": "这个模型知道什么",
    "pred.card_classes": "十个类别：{classes}。它只看 32 x 32 像素的彩色图片。",
    "pred.card_accuracy": "在 {data} 上答对 **{acc}**，这些图片它在训练时从未见过。即使是它受训的那类图片，"
    "大约每 {one_in} 个答案中也有一个是错的。",
    "pred.h1": "从 1,024 个数到十个分数",
    "pred.fc": "最后一个卷积层留下 4 x 4 x 64 = 1,024 个数。全连接层让它的 64 个神经元对其中每个数都有一个权重"
    "（加上偏置共 65,600 个参数）；第二个全连接层再把这 64 个值变成十个分数，每个类别一个，"
    "称为 logits。",
    "pred.logits_title": "你这张图片的 logits",
    "pred.h2": "Softmax：从分数到概率",
    "pred.softmax": "对每个分数求 e 的幂，再除以它们的和，这样十个结果都是正数且加起来等于 1。"
    "（先减去最大的分数，结果不变，也不会溢出；表格用的就是这种形式。）",
    "pred.col_class": "类别",
    "pred.col_logit": "分数 z（logit）",
    "pred.col_shift": "z - max",
    "pred.col_exp": "e^(z - max)",
    "pred.col_prob": "概率",
    "pred.softmax_result": "对 **{cls}**：{num} / {den} = **{p}**。这 {n} 个概率加起来等于 {total}。",
    "pred.h3_taught": "用你的类别",
    "pred.taught": "这个会话教过网络 {k} 个类别（教它新类别）：各层保持训练好的样子，在全连接层的 64 个数上有一个新的"
    "最后一层。下面是那一层对同一张图片的回答，以及它的 softmax，算法相同。",
    # ------------------------------------------------------------ Why this class?
    "why.title": "为什么是这一类？",
    "why.intro": "预测页面给出十个分数。这一页追问它们从哪里来：图片的哪些部分推高了某一类的分数，"
    "网络觉得你的图片像哪些训练图片，为什么它对一张什么都不是的图片的置信度也很高，以及改变它的判断需要多小的改动。",
    "why.answer": "网络说是**{cls}**（{p}）。",
    "why.class": "解释哪一类的分数",
    "why.class_top": "预测的类别（{cls}）",
    "why.h1": "1 · 梯度告诉我们什么",
    "why.gradient_text": "{cls}的分数（softmax 之前的 logit）是 {logit}。它的梯度对网络里的每个数回答同一个问题："
    "如果这个数稍微变大一点，{cls}的分数会变多少、往哪个方向变？网络用前向时同样的权重，一层一层倒着算出它"
    "（反向传播，这里用 numpy 实现）。训练正是用它来调整权重；下面的图用它来指向图片。",
    "why.h2": "2 · 图片里是什么推动了分数",
    "why.patch": "灰色方块（像素）",
    "why.stride": "步长（像素）",
    "why.method": "仔细看",
    "why.legend": "颜色说明：暗色表示对分数没有贡献，亮黄色表示贡献最大",
    "why.legend_signed": "颜色说明：蓝色拉低分数，白色没有影响，橙色推高分数",
    "why.method.gradcam": "Grad-CAM，{layer}",
    "why.method.occlusion": "遮挡",
    "why.method.saliency": "输入梯度",
    "why.coming": "{method}：计算中",
    "why.original": "原图",
    "why.cells_title": "{layer} 自己网格上的 Grad-CAM",
    "why.drops_title": "分数下降，{n} x {n} 个方块位置",
    "why.saliency_title": "输入梯度的大小，{h} x {w}",
    "why.explain.gradcam_last": "Grad-CAM 按“这张图变大时{cls}分数升多少”（梯度在图上的平均）"
    "给 conv3 的 64 张特征图加权，"
    "把加权后的图加起来，只保留正的部分。conv3 只有 4 x 4 个格子，每个看 18 x 18 像素，所以图很粗："
    "每个格子的值放在它感受野的中心，中间的像素平滑过渡。",
    "why.explain.gradcam_before": "在 conv2 的 13 x 13 网格上做同样的事：更细，但 conv2 每个格子只看 8 x 8 像素，"
    "而且离最终决定还隔两层，所以它更多显示局部，而不是整体。",
    "why.explain.occlusion": "这里不用梯度：一个 {patch} x {patch} 像素的灰色方块每次盖住图片的一部分"
    "（每步移动 {stride} 像素），网络给每个被盖住的副本打分。橙色：盖住这里{cls}的分数下降（这里重要）；"
    "蓝色：盖住这里分数反而上升。",
    "why.explain.saliency": "输入梯度本身：每个像素稍微一变，{cls}的分数会变多少。它看起来很杂乱，因为它是局部的："
    "只说明在这张图片上的微小改动会怎样，而相邻像素经过 ReLU 和最大池化可能往相反方向拉。"
    "Grad-CAM 和遮挡是在更大的区域上平均。",
    "why.cam_zero": "Grad-CAM 处处为 0：在 {layer} 上，按{cls}加权的特征图在每个格子上加起来都小于零，"
    "所以图片没有哪一部分支持{cls}。",
    "why.h3": "3 · 它像哪些训练图片",
    "why.lookalikes_text": "从应用附带的 3,000 张训练图片中找出最近的 6 张，用两种方式量距离。"
    "在网络眼中：用它全连接层的 64 个数，也就是它据以判断的概括。按原始像素：逐个颜色比较。"
    "网络比较的是它学会看的东西，而不是颜色，所以两行不一样。",
    "why.space.network": "**在网络眼中**（全连接层的 64 个数）",
    "why.space.pixels": "**按原始像素**（全部 3,072 个值）",
    "why.neighbour": "{cls}，{d}",
    "why.h4": "4 · 一个封闭的世界",
    "why.unfamiliar": "这张图不像 CIFAR-10：连训练图片中离它最近的一张，也离它异常地远。网络仍然以 {p} 说是{cls}，"
    "因为它只能把 100% 分给自己的十个类别。",
    "why.closed_text": "网络只认识十个类别，别的一概不知。不管给它什么，一个人、一页文字、噪声，"
    "十个概率加起来都是 100%：它没有办法说“都不是”。",
    "why.notice_rates": "当最近的相似图片在网络眼中远于 {network_limit}，或按像素远于 {pixels_limit} 时"
    "（这里是 {network} 和 {pixels}），就会出现提示。这两个界限的选法，使 {n_test} 张 CIFAR-10 测试图片中有 {test} "
    "触发它；在各 {n} 个变体上，它对噪声触发 {noise}，空白图片 {blank}，文字 {text}，人物照片 {person}。"
    "所以它只是提示，不是检测器：空白图片和 CIFAR-10 里许多纯色的天空和海面很接近。",
    "why.try_odd": "试一张不属于十个类别的图片：",
    "why.temperature": "温度：softmax 之前把分数除以它",
    "why.temperature_one": "温度为 1 时就是网络本来的尺度：它对{cls}的置信度是 {p}。把温度调高或调低看看。",
    "why.temperature_text": "温度为 {t_} 时，网络对{cls}的置信度是 {p}（温度为 1，即网络本来的尺度时，是 {p1}）。"
    "分数和它们的顺序从不改变，变的只是 softmax 把它们变成概率时的陡峭程度：分类器听起来有多确定，部分是尺度的选择。",
    "why.h5": "5 · 骗过它",
    "why.not_fooled": "对这张图片，沿梯度符号走最多 32（满分 255）的一步都没有改变答案。",
    "why.fool_before": "之前：{cls}",
    "why.fool_after": "之后：{cls}（{p}）",
    "why.fool_difference": "改动，放大显示",
    "why.fool_text": "每个像素值最多改动 {step}（满分 255），方向与{cls}分数梯度的符号相反，网络现在说是**{new}**。"
    "改过的图片都是整数像素值，和存成文件时一样；不看放大的差别，几乎看不出改动。这就是快速梯度符号法（FGSM），"
    "用的是能奏效的最小一步。",
    "why.fool_target_text": "每个像素值最多改动 {step}（满分 255），方向与{target}分数梯度的符号相同，"
    "网络现在说是**{new}**，而不是{cls}。改过的图片都是整数像素值，和存成文件时一样。"
    "这就是针对一个类别的快速梯度符号法（FGSM），用的是能奏效的最小一步。",
    "why.method.ig": "积分梯度",
    "why.method.smoothgrad": "SmoothGrad",
    "why.occlusion_scaled": "你的模型接收 {h} x {w} 的图片：灰色方块随图片放大，"
    "到 {patch} 像素，每次移动 {stride} 像素（最多 16），这样它遮住的图片比例与 32 x 32 图片上大致相同。",
    "why.ig_title": "每个像素的积分梯度（三个通道相加）",
    "why.ig_title_grey": "每个像素的积分梯度",
    "why.smooth_title": "平均梯度的大小，{h} x {w}",
    "why.explain.ig": "积分梯度从一张起点图片（基线，这里是{baseline}）一小步一小步走到你的图片，每一步取梯度，"
    "再把平均值乘以每个像素移动的距离。它的像素加起来等于这一路上{cls}分数变化了多少：橙色像素把分数抬高，"
    "蓝色像素把分数压低。第 6 节会核对这个和。",
    "why.explain.smoothgrad": "SmoothGrad 把输入梯度在加了少量噪声的多张图片副本上取平均。噪声抹掉了单个梯度"
    "在像素之间的抖动；留下的是{cls}分数总体上对哪里敏感。它的设置在第 6 节。",
    "why.h6": "6 · 这些图可信吗？",
    "why.trust_intro": "六种方法，六张不同的图。每一张都算得没错，但这不代表它如实反映了网络用到了什么。"
    "在你的图片上做三项检查：这张图加起来对得上吗？网络认同它的排序吗？把网络换成噪声后它还站得住吗？",
    "why.ig_h": "**加起来对得上吗？** 把积分梯度写出来",
    "why.baseline": "起点",
    "why.baseline.black": "一张黑色图片",
    "why.baseline.grey": "一张灰色图片",
    "why.baseline.blur": "你的图片，模糊后",
    "why.steps": "路径上的步数",
    "why.ig_sum": "各像素的贡献加起来是 **{total}**；你的图片的{cls}分数减去{baseline}的分数是 "
    "{logit} − ({start}) = **{change}**。两者相差 {gap}（占变化的 {share}）：{steps} 步的求和是对积分的近似，"
    "步数越多，差距越小。",
    "why.samples": "SmoothGrad：带噪声的副本数",
    "why.noise": "SmoothGrad：噪声（占取值范围的比例）",
    "why.curves_h": "**网络认同吗？** 先去掉（或先放回）最重要的像素",
    "why.curves_text": "每种方法都给 {pixels} 个像素排了序。按这个顺序把像素涂成灰色，看{cls}的概率："
    "如果这张图可信，概率会很快下降（删除曲线下的面积小）。从灰色图片开始按这个顺序把像素放回去："
    "概率应当很快上升（插入曲线下的面积大）。随机顺序是参照。",
    "why.curves_open": "为这张图片画出曲线（大约一秒）",
    "why.deletion_title": "删除：最重要的像素先涂灰",
    "why.insertion_title": "插入：最重要的像素先放回",
    "why.fraction": "像素所占比例",
    "why.random": "随机顺序",
    "why.col_method": "方法",
    "why.col_deletion": "删除面积（越小越好）",
    "why.col_insertion": "插入面积（越大越好）",
    "why.col_general": "{n} 张测试图片上：删除 / 插入",
    "why.curves_caution": "积分梯度的像素按大小排序，不论它们把分数往哪个方向推。"
    "遮挡领先有一部分是天生的：它的灰色方块和这些曲线用的灰色相同。总体数字是在随应用附带的 "
    "{n} 张样例图片上测得的，每张都针对网络给出的类别，由 `python -m cnn_viz faithfulness` 计算（{date}）。",
    "why.general_missing": "测试图片上的总体数字不可用：models/faithfulness.json 缺失或损坏"
    "（`python -m cnn_viz faithfulness` 可以重建它）。",
    "why.rand_h": "**它解释的是模型吗？** 把网络的层换成噪声",
    "why.rand_label": "从顶层开始换成噪声的层",
    "why.rand.none": "不换",
    "why.rand.all": "+ {layer}（全部）",
    "why.rand_text": "能解释模型的图，在模型被破坏后一定会变。拖动滑块，把顶部几层的权重换成随机数"
    "（Adebayo 等，2018）。每张图下面是它与训练好的网络的图之间的秩相关。接近 0 表示图变了："
    "它依赖网络学到的东西（通过检查）。接近 1 表示它没变：它显示的是图片，而不是模型。",
    "why.rand_none": "还没有替换任何层：这些图来自训练好的网络。",
    "why.rand_corr": "{method}：{r:+.2f}",
    "why.rand_pass": "变了：它依赖网络",
    "why.rand_fail": "没变：它显示的更多是图片而不是网络",
    "why.fails_check": "在 {n} 张测试图片上基本通不过这项检查的：{methods}（每一层都换成噪声时，"
    "它的图与训练好的网络的图之间的秩相关）。这样的图显示的图片边缘和网络用到的东西一样多：看的时候要小心。",
    "odd.button.noise": "噪声",
    "odd.button.blank": "空白图片",
    "odd.button.text": "文字",
    "odd.button.person": "一个人",
    "odd.option.noise": "不是 CIFAR-10：噪声",
    "odd.option.blank": "不是 CIFAR-10：空白图片",
    "odd.option.text": "不是 CIFAR-10：文字",
    "odd.option.person": "不是 CIFAR-10：一个人",
    "odd.caption.noise": "随机噪声：不属于十个类别",
    "odd.caption.blank": "一张空白的灰色图片：不属于十个类别",
    "odd.caption.text": "一个词：不属于十个类别",
    "odd.caption.person": "一个人（格蕾丝·霍珀，美国海军照片）：不属于十个类别",
    # ------------------------------------------------------------ Model report
    "rep.not_yours": "这份报告讲的是文章里在 CIFAR-10 上训练的网络：这些数字不是你的模型 {name} 的。"
    "本应用只知道你的模型的层和类别，不知道它是怎么训练和测试的。",
    "rep.title": "这个网络有多准？",
    "rep.accuracy": "测试准确率",
    "rep.parameters": "参数",
    "rep.epochs": "训练轮次",
    "rep.measured": "在{data}上测得，这些图片都没有用于训练。用{source}的 {n:,} 张图片训练，"
    "优化器 Adam（学习率 {lr}，{schedule}），批大小 {batch}，随机种子 {seed}；{augmentation}。",
    "rep.schedule.constant": "恒定",
    "rep.schedule.cosine": "按余弦下降",
    "rep.augmented": "数据增强：随机水平翻转并平移最多 10%",
    "rep.not_augmented": "没有数据增强",
    "rep.teachers": "给老师：这个模型是怎样训练出来的",
    "rep.command": "命令：{command} · 训练于 {date} · {versions}",
    "rep.article": "文章训练 10 轮，报告约 80% 的答案正确，这大致是训练图片上的准确率；"
    "在没见过的测试图片上，这个方法约为 70%。用同一个网络，训练更多轮并使用翻转和平移过的训练图片，"
    "效果会更好。",
    "rep.h1": "训练曲线",
    "rep.acc_title": "准确率",
    "rep.loss_title": "损失（交叉熵）",
    "rep.history_note": "训练集数值是 Keras 在每轮各批次上的滑动平均（开启数据增强时是增强后的图片）；"
    "测试集数值在每轮结束后测得。",
    "rep.h2": "哪些类别容易混淆",
    "rep.per_class": "各类别准确率 (%)",
    "rep.h3": "它判断错误的示例图片",
    "rep.wrong_count": "在应用自带的 {total} 张示例图片中，它错了 {n} 张：",
    "rep.said": "{cls}\n它说：{said}（{p}）",
    # ------------------------------------------------------------ Live class
    "own.file_too_big": "这个文件有 {mb} MB；这里的模型最多 {limit} MB。",
    "own.not_keras": "这不是 Keras 3 模型文件（用 model.save 保存的 .keras），或者文件已损坏。",
    "own.not_onnx": "这不是 ONNX 模型文件（用 torch.onnx.export 导出的 .onnx），或者文件已损坏。",
    "own.onnx_too_big": "这个文件的描述所含的部分比任何小型 CNN 都多，或者嵌套得更深，所以不打开。",
    "own.onnx_nested": "这个文件含有一条层链从不需要的东西（{part}：循环、条件、函数或训练信息），所以不打开。",
    "own.onnx_external": "这个文件把权重存在另一个文件（{file}）里，这里不会读取它：请用 torch.onnx.export(..., exte"
    "rnal_data=False) 重新导出，或者用 onnx.save(onnx.load(path), new_path) 存成一个完整的文件"
    "。",
    "own.onnx_dtype": "张量 {tensor} 中的数是这个应用不读取的类型（它读取 float32、float16、float64 和整数）。",
    "own.onnx_op": "节点 {node} 不是这个应用能运行的。它能运行 {ops}。"
    "（从 PyTorch 导出时，用 torch.onnx.export(..., dynamo=False) 有时会写出它支持的算子。）",
    "own.not_model": "这既不是 Keras 3 模型（.keras），也不是 ONNX 模型（.onnx）。用 torch.save 保存的 PyTorch 模型"
    "（.pt、.pth）不能读取：请用 torch.onnx.export 导出。",
    "own.onnx_computed": "节点 {node} 的一个设置由计算图中的其他节点算出（本应用不运行这种形状运算）：用 "
    "torch.onnx.export(..., dynamo=True, external_data=False) 导出，会把它写成一个数。",
    "own.onnx_branch": "计算图在 {node} 处分支或合并：这个应用只沿一条层链走，每层读取前一层（例如残差连接就不是）。",
    "own.onnx_input": "模型必须接收一张图片，形状为 N x C x H x W，C 为 1 或 3，H、W 为 8 到 224 像素；它的输入是"
    " {shape}。",
    "own.onnx_opset": "这个模型使用 ONNX opset {v}；这个应用读取 opset {low} 到 {high}（torch.onnx.export(..., op"
    "set_version=17) 导出的就在其中）。",
    "own.onnx_needs_maps": "节点 {node} 需要特征图（N x C x H x W），但它之前的层已经把它们变成了一个向量。",
    "own.made_by": "作为数据读取自 {made_by} 写出的文件：{n} 层，{params} 个参数。",
    "own.bomb": "这个文件解压后远大于一个小模型的权重，所以不打开。",
    "own.not_sequential": "这里只能打开 Sequential 模型，或各层连成一条链的 Functional 模型；这个是 {kind}。",
    "own.branches": "这个模型的层在 {layer} 处分叉或汇合：本应用只沿一条层链从图片走到类别分数，所以打不开它。",
    "own.layer_refused": "层 {layer}（{kind}）不是本应用在不运行模型自身代码的情况下能计算的层。",
    "own.activation": "层 {layer} 使用激活函数 {activation}；本应用能计算 relu、leaky_relu、sigmoid、tanh、"
    "softmax 和 linear。",
    "own.input_shape": "这个模型的输入是 {shape}；本应用显示的图片每边 8 到 224 像素，1 或 3 个通道。",
    "own.no_layers": "这个模型没有可以显示的层。",
    "own.too_costly": "这个模型没有打开：用它解释一张图片大约需要 {need} 内存（仅 {layer} 层就产生 {numbers} 个数），"
    "超过了本服务器给一个模型的 {limit} MB。"
    "把同一个模型改为接收更小的图片，或让前几层的滤波器少一些，就能打开。",
    "own.too_many": "这个模型的参数超过 {limit} 个，超出了本应用能显示的范围。",
    "own.not_finite": "层 {layer} 的权重中有不是有限数的值。",
    "own.dense_needs_flatten": "层 {layer} 是直接作用在特征图上的全连接层：请在它前面加一个 Flatten 层。",
    "own.no_classes": "模型的最后一层没有为每个类别给出一个分数。",
    "own.one_class": "这个模型的最后一层只给出一个数，而不是每个类别一个分数：本应用展示在两个或更多类别中做选择的模型"
    '（是/否模型在 Keras 中可以改用 Dense(2, activation="softmax") 结尾，在 PyTorch 中可以改用 '
    "nn.Linear(..., 2)）。",
    "own.too_many_classes": "这个模型给出 {n} 个类别分数；本应用只显示最多 {limit} 个类别的模型。",
    "own.too_small": "层 {layer} 放不进传到它的特征图。",
    "own.config_too_big": "这个模型的描述（config.json 或 metadata.json）比最多 {layers} 层的模型所需的更大或嵌套更深，"
    "所以不读取它。",
    "own.too_many_layers": "这个模型有 {n} 层；本应用最多打开 {limit} 层的模型。",
    "own.config_not_finite": "这个模型的描述中有不是有限数的值（NaN 或无穷大），所以不打开它。",
    "own.bad_setting": "层 {layer} 不能以 {setting} = {value} 运行。",
    "own.weights_mismatch": "层 {layer} 的权重与它的设置（数量或形状）不符，所以文件已损坏。",
    "own.negative_variance": "层 {layer} 有负的方差，训练过的批归一化不会有这样的值。",
    "own.overflows": "层 {layer} 溢出了：在一张测试图片上它给出的数大到无法计算，所以不打开这个模型。",
    "own.read_failed": "服务器读取这个模型时出了问题，所以没有打开它：请稍后再试，或者告诉这个网站的管理者。",
    "own.wrong_type": "这一页打开以 .keras 保存的 Keras 3 模型（model.save('name.keras')）或 ONNX 模型（.onnx，"
    "用 PyTorch 的 torch.onnx.export 导出）；旧的 .h5 文件可以在 Keras 里打开，再另存为 .keras。",
    "own.too_big_browser": "这个文件超过 {mb} MB，这里的模型最多这么大，所以浏览器没有发送它。",
    "own.title": "你自己的模型，逐层打开",
    "own.intro": '用 Keras 训练过自己的小网络？用 `model.save("name.keras")` 保存后'
    "在这里打开：文件只作为数据读取，不会运行其中的代码。本页显示它的各层、它对侧边栏中图片的判断，以及它"
    "算出的每一张特征图。支持 Sequential 模型，以及各层连成一条链的 Functional 模型，层可以是 "
    "Conv2D（包括空洞卷积和分组卷积）、DepthwiseConv2D、SeparableConv2D、MaxPooling2D、"
    "AveragePooling2D、GlobalAveragePooling2D、GlobalMaxPooling2D、ZeroPadding2D、Flatten、Dense、"
    "Dropout、BatchNormalization、Rescaling、ReLU、LeakyReLU、Activation 和数据增强层（RandomFlip、"
    "RandomRotation、RandomZoom、RandomTranslation、RandomContrast、RandomBrightness）；文件最多 "
    "{mb} MB、{params} 个参数，输入图片每边 8 到 224 像素，彩色或灰度。\n\n"
    '用 PyTorch 训练的？用 `torch.onnx.export(model, (x,), "name.onnx", external_data=False)` 导出，再打开这个 '
    ".onnx 文件：支持由 Conv、Relu、LeakyRelu、Sigmoid、Tanh、Clip（ReLU6）、MaxPool、AveragePool、"
    "GlobalAveragePool、GlobalMaxPool、Flatten 或 Reshape、Gemm 或 MatMul 加 Add、BatchNormalization、Dropout、"
    "Identity、Softmax 和 LogSoftmax 连成的一条链，ONNX opset 7 到 23。它得到的图片值在 0-1 之间；类别名来自"
    '文件的元数据（"class_names"），也可以在下面命名。',
    "own.upload": "你的模型（.keras 或 .onnx）",
    "own.none_yet": "还没有打开你自己的模型：在打开之前，每一页显示的都是文章里的网络。",
    "own.badge": "你的模型：{name}",
    "own.back": "回到文章里的网络",
    "own.first_maps": "它的 {n} 张特征图中的前 {shown} 张（可在下面按编号选择任意一张）。",
    "own.first_numbers": "它的 {n} 个数中的前 {shown} 个。",
    "own.put_away": "你的模型 10 分钟没有使用，为了给其他访客的模型腾出空间已被收起："
    "请在“你自己的模型”页再次打开它的文件。在那之前，各页显示文章里的网络。",
    "own.shelf_full": "服务器已经保存了它能容纳的全部访客模型（{mb} MB 权重），每个都显示在此刻打开的页面里："
    "请过几分钟再试，或者打开一个更小的模型。",
    "own.session_only": "你的模型保留在这个浏览器标签页里，直到你刷新或关闭它（或者服务器重启，"
    "或者服务器需要空间时 10 分钟未使用）"
    "：它不在地址栏中，所以分享的链接打开的是文章里的网络。",
    "own.h1": "1 · 它的各层",
    "own.h2": "2 · 它怎么看你的图片",
    "own.names": "给类别命名",
    "own.names_help": "每个类别一个名字，用逗号分隔，顺序与模型最后一层相同。",
    "own.names_count": "这个模型有 {n} 个类别：请给出 {n} 个名字，用逗号分隔。",
    "own.class_n": "类别 {i}",
    "own.h3": "3 · 每一层的输出",
    "own.col_kind": "类型",
    "own.kind.conv": "卷积",
    "own.kind.maxpool": "最大池化",
    "own.kind.avgpool": "平均池化",
    "own.kind.flatten": "展平",
    "own.kind.dense": "全连接",
    "own.kind.activation": "激活",
    "own.kind.scale": "批归一化",
    "own.kind.rescale": "缩放",
    "own.kind.globalavg": "全局平均池化",
    "own.kind.globalmax": "全局最大池化",
    "own.kind.zeropad": "补零",
    "own.kind.identity": "数据增强：模型预测时什么也不做",
    "own.kind.depthwise": "深度卷积（每个通道单独滤波）",
    "own.counted_by": "（这些 0 计入 {name} 的平均值：count_include_pad）",
    "own.folded": "（已并入 {name}）",
    "own.total": "共 {total} 个参数，{n} 个类别。紧跟在卷积层或全连接层后"
    "面的批归一化层会并入那一层，就像部署网络时那样：输出相同，数字更少。",
    "own.seen_caption": "你的模型看到的：{h} x {w}",
    "own.seen": "你的模型接收 {h} x {w} 的{channels}图片：图片会被裁成这个比例下最大的居中部分，再缩放。{scale}",
    "own.grey": "灰度（一个通道，即图片的亮度）",
    "own.colour": "彩色（红、绿、蓝）",
    "own.scale_1": "像素值除以 255，落在 0-1 之间，和文章里的网络一样。",
    "own.scale_255": "它的第一层是 Rescaling，所以它接收 0-255 的值并自己缩放。",
    "own.answer": "你的模型的答案：**{name}**（{p}）。",
    "own.vector_range": "从 {low} 到 {high}。悬停可查看每个数。",
    "own.other_pages": "特征图、走进一个格子、预测和为什么是这一类？现在都显示你的模型，并带着这个标记；各节课仍用它"
    "们的小矩阵。",
    "own.maps_intro": "你的图片经过你的模型的每一层，由和文章里的网络相同的 numpy 代码现在算出。选一层：特征图显示成"
    "网格，一串数显示成条形。",
    "own.no_exemplars": "一张特征图最强烈响应的训练图片是为文章里的网络离线找出的：你的模型没有。",
    "own.filters_text": "{layer} 是你的模型的第一个卷积层，它有 {n} 个滤波器：对输入的 {c} 个通道"
    "各有 {kh} x {kw} 个权重，每个滤波器都拉伸到最大对比度。",
    "own.no_relu": "你的模型没有带 ReLU 的卷积层，这里没有可展示的内容。",
    "own.no_cells": "你的模型没有卷积层或池化层，所以没有可以打开的格子。",
    "own.picture_caption": "你的模型看到的图片（{h} x {w}）：格子的感受野已框出，其余变淡",
    "own.blind": "带斜纹的边缘（第 {rows} 行和列）不影响任何类别分数：由于不填充以及池化向下取整，你的模型最后一个有"
    "格子的层里没有哪个格子覆盖这些像素。",
    "own.h_score": "5 · 从特征图到类别分数",
    "own.dense_text": "Flatten 把 {layer} 的特征图排成 {n} 个数。固定这张图的 ReLU 开关后，每个"
    "数给类别分数加上“值 x 权重”，权重就是这个数变化时分数跟着变多少；它们再加上偏置，正好等于分数：",
    "own.why_intro": "预测页面给出你的模型的 {n} 个分数。这一页追问它们从哪里来：图片的哪些部分推高了某一类的分数，"
    "为什么它对一张什么都不是的图片也很有把握，以及要多小的改动才能让它改变主意。",
    "own.try_odd": "试一张不属于它的 {n} 个类别的图片：",
    "own.dense_text_pooled": "{pool} 把 {layer} 的每张特征图变成一个数，共 {n} 个。固定这张图的激活后，每个数以"
    "“数值 x 权重”加到某一类的分数上，权重就是这个数变化时分数变化多少；它们与偏置一起给出这个分数：",
    "own.input_pooled": "{layer} 第 {m} 张图（池化后）",
    "own.cell_title": "走进你的模型的一个格子",
    "own.trust_intro": "每种方法给出自己的一张图。每一张都算得没错，但这不代表它如实反映了你的模型用到了什么。"
    "在你的图片上做三项检查：这张图加起来对得上吗？模型认同它的排序吗？把模型换成噪声后它还站得住吗？",
    "own.no_lookalikes": "相似的训练图片、“这张图不像任何训练图片”的提示和在许多测试图片上的检验，"
    "都是用文章里的网络和它的数据做的：你的模型没有。",
    "own.by_position": "{layer} 每个位置给{cls}加了多少",
    "own.input_name": "{layer} 第 {m} 张图的 ({r}, {c})",
    "own.dense_caption": "橙色把分数往上推，蓝色往下拉。一个位置的数是它所有特征图之和。",
    "own.h3_pool": "3 · 计算过程：一个窗口",
    "own.pool_text": "最大池化格子不做算术：它只保留{source}第 {map} 张图上 {h} x {w} 窗口（第 "
    "{top}-{bottom} 行、第 {left}-{right} 列）里最大的值，用绿框标出。",
    "own.avg_text": "平均池化格子取{source}第 {map} 张图上 {h} x {w} 窗口（第 {top}-{bottom} 行、第 {left}-{right} 列"
    "）的平均值。",
    "own.mean_line": "平均({values}) = **{value}**",
    "own.drops_title": "分数下降，{n} x {m} 个方块位置",
    "own.closed_text": "你的模型只认识它的 {n} 个类别：无论给它什么，这 {n} 个概率加起来都是 100%。它没法说“都不是”。",
    "own.unsure": "你的模型的置信度不高：它的最佳猜测只有 {p}。它只认识自己的 {n} 个类别，而且必须从中选一个，所以别"
    "的东西的图片也会得到一个答案。",
    "own.pred_h1": "从 {n_in} 个数到 {n} 个分数",
    "own.card": "你的模型的类别：{classes}。这个应用不知道它是用哪些图片训练和测试的，所以说不出它多常答对。",
    "own.fc": "你的模型最后一层给每个类别一个分数，共 {n} 个：这就是 logits。",
    "own.softmax": "对每个分数取 e 的幂，再除以它们的和，结果都是正数，加起来等于 1。（先减去最大的分数，结果不变，也"
    "不会溢出；表格里用的是这种写法。）",
    "teach.title": "教网络认识你自己的类别",
    "teach.intro": "这个网络认识十个类别。给它一个或几个你自己的类别，每个至少 {least} 张图片：它的每一层都保持"
    "训练好的样子，把每张图片变成全连接层的 64 个数，只在这些数上训练一个新的最后一层。这只要不到一秒"
    "，就在这里，用的是和本应用其余部分相同的 numpy 代码。",
    "teach.h1": "1 · 你的类别",
    "teach.how_many": "你自己的类别数",
    "teach.name": "名称",
    "teach.default_name": "我的类别 {i}",
    "teach.pictures": "图片（可一次选多张，最多 {most} 张）",
    "teach.add_sidebar": "加入侧边栏的图片",
    "teach.add_sidebar_help": "侧边栏里的图片会加入这个类别：示例、上传、手绘或拍照都可以。在那里换一张，再加入下一张"
    "。",
    "teach.count": "{n} 张图片（最多 {most} 张）",
    "teach.over": "你给了 {n} 张图片；一个类别最多用 {most} 张，所以只用前 {most} 张。",
    "teach.keep": "在你的类别旁边保留网络原有的一些类别",
    "teach.keep_none": "不保留：只用你的类别",
    "teach.keep_help": "每个保留的类别会带上本应用自带的该类测试图片，这样你的类别也必须和它们区分开。",
    "teach.too_few": "{name} 有 {n} 张图片，需要 {least} 张。",
    "teach.need_two": "要学会区别，至少需要两个类别：再加一个你自己的类别，或保留一个网络原有的类别。",
    "teach.same_names": "有两个类别同名：请给每个类别起不同的名字。",
    "teach.dropped": "有 {n} 张图片在等待读取时被放弃了，因为还有别的图片在等：请再添加一次。",
    "teach.train": "训练新的最后一层",
    "teach.training": "训练中……",
    "teach.h2": "2 · 它学到了什么",
    "teach.left_out": "每次留出一张图片，用其余图片训练，再问它这张是什么：**{n} 张中对了 {right} 张（{share}）**。一"
    "张图片就占这个分数的 {one} %。",
    "teach.curve_title": "训练过程，逐轮",
    "teach.loss": "损失",
    "teach.accuracy": "在这些图片上答对的比例",
    "teach.curve_caption": "对所有图片共训练 {epochs} 轮。随着新层给每张图片所属类别的分数越来越高，损失下降；在训练"
    "用的图片上答对本身说明不了多少，所以上面的分数是每次留出一张来测的。",
    "teach.confusion_caption": "每张被留出的图片：它的类别（行）和新层的回答（列）。",
    "teach.still_wrong": "**留出时仍然答错的**：",
    "teach.wrong": "{true}，答成 {said}",
    "teach.honest": "这是在你给出的 {n} 张图片、{k} 个类别上测得的。图片这么少，遇到新图片时可能更差：在 CIF"
    "AR-10 图片上，每类 5 张时留出测得 86 %，在其他图片上只有 79 %。图片越多、彼此越不相同，帮助越大。",
    "teach.h3": "3 · 在侧边栏的图片上试试",
    "teach.looked": "新的一层在哪里找“{name}”（Grad-CAM，conv3）",
    "teach.answer": "新的最后一层说：**{name}**（{p}）。它只认识这 {k} 个类别：任何别的东西的图片也会被归入其中之一，"
    "而且百分比常常很高。",
    "teach.other_pages": "“预测”页也会在十个类别之下显示这一层的回答。新的一层保留到你刷新或关闭这个标签页为止。"
    "要让特征图、走进一个格子、预测和为什么是这一类？只用你的类别（每个类别也有 Grad-CAM）：",
    "teach.use": "在每一页使用我的类别",
    "teach.badge_name": "你的类别",
    "teach.in_use": "好了：特征图、走进一个格子、预测和为什么是这一类？现在都用你的类别；"
    "在这些页顶部点“{back}”就回到十个类别。",
    "teach.card": "你的类别：{classes}。在“教它新类别”页上每次留出一张图片测得：你的 {n} 张图片中对了 {right} 张"
    "（{share}）；遇到新图片时可能更差。",
    "live.title": "课堂互动",
    "live.start": "开始课堂互动",
    "live.start_help": "学生用手机输入房间码或扫二维码加入；你就屏幕上的这一步提问，看着他们的答案到来。",
    "live.full": "这台服务器上的课堂已经满了，请稍后再试。",
    "live.gone": "房间 {code} 已经不在这个服务器上了，课堂的回答也不在了：房间在老师最后一次操作 3 小时后结束，"
    "或者服务器丢失了房间记录。请开始新的课堂。",
    "live.room": "**房间 {code}**：扫二维码，或在“课堂互动”页面输入房间号。",
    "live.nothing_here": "这一页没有可以提的问题：继续讲课吧。",
    "live.ask_about": "提问内容",
    "live.ask": "提问",
    "live.reveal": "公布答案",
    "live.end": "结束课堂",
    "live.joined": "已加入 **{n}** 人",
    "live.hidden": "在揭晓之前隐藏：全班正在回答这个问题。",
    "live.resumed": "回到了房间 {code}：由这个浏览器主持。",
    "live.full_room": "直播课堂 {code} 已满：学生人数已到上限。请询问老师。",
    "live.panel": "课堂互动 · 房间 {code}",
    "live.teacher_hint": "你是老师？请在你自己的电脑上打开任意一课，打开右上角的演示模式，然后点击**开始课堂互动**："
    "这个浏览器会保留房间，刷新页面也不会丢失。如果还想用手机主持，请使用课堂面板上的 **📱 另一台设备**。",
    "live.too_many_rooms": "这个地址在一小时内已经开设了 {n} 个课堂，已达上限：请稍后再试。",
    "live.too_many_joins": "从你所在的网络加入这个课堂的学生太多了。请询问老师。",
    "live.timer": "答题时间",
    "live.timer_off": "直到揭晓",
    "live.timer_seconds": "{n} 秒",
    "live.time_left": "⏱ 还剩 **{n} 秒**",
    "live.time_up": "⏱ **时间到**：已停止收答案。",
    "live.results": "**房间 {code} 已结束。** 全班的回答（{n} 道题）：",
    "live.col_number": "#",
    "live.col_question": "题目",
    "live.col_answer": "答案",
    "live.col_answered": "回答人数",
    "live.col_right": "答对人数",
    "live.col_share": "答对比例",
    "live.download": "下载结果（CSV）",
    "live.passcode": "教师口令",
    "live.bad_passcode": "这不是本服务器的教师口令。（同一网络输错三次之后，每次尝试都要等几秒。）",
    "live.named": "学生填写昵称",
    "live.named_help": "关闭：全班匿名作答。打开：每部手机先请学生填写昵称（最多 20 个字），"
    "课后结果里列出每个学生的回答。",
    "live.room_short": "**房间 {code}**：在“课堂互动”页面加入。",
    "live.remote_button": "另一台设备",
    "live.remote_help": "也用手机主持这堂课：手机发出请求，你在这块屏幕上允许。",
    "live.remote_steps": "用手机扫描这个二维码（或打开下面的链接），点击**请求投影屏幕允许**，然后在这里允许："
    "这块屏幕上的数字必须和手机上的一致。之后手机就是你的遥控器，这块屏幕也仍然可以控制课堂。",
    "live.remote_title": "在这台设备上主持课堂 {code}",
    "live.remote_intro": "老师请点击下面的按钮，然后在投影屏幕上允许这台设备。两台设备都可以主持课堂。",
    "live.remote_ask": "请求投影屏幕允许",
    "live.remote_number": "请在投影屏幕上允许显示 **{number}** 的设备。",
    "live.remote_waiting": "正在等待投影屏幕允许……",
    "live.remote_refused": "投影屏幕拒绝了这台设备。",
    "live.remote_gone": "这个请求已过期，或者之后有另一台设备发出了请求：请重新请求。",
    "live.remote_too_many": "这个地址在一小时内已经请求主持课堂 {n} 次，已达上限：请稍后再试。",
    "live.remote_asks": "📱 **有一台设备请求主持这堂课。** 只有当它显示 **{number}** 时才允许。",
    "live.remote_allow": "允许",
    "live.remote_refuse": "拒绝",
    "live.ended_room": "课堂 {code} 已经结束。",
    "live.teacher_away": "老师的屏幕暂时没有连接。请留在这里：你的答案都会保留，屏幕回来后课堂继续。",
    "live.your_name": "你的昵称（老师要求填写）",
    "live.bad_name": "请输入昵称：文字或数字，最多 20 个字。",
    "live.download_students": "下载每个学生的回答（CSV）",
    "live.download_report": "🖨 课堂报告（打印用）",
    "live.download_report_help": "在浏览器里打开并打印的一页：每道题和它所在的步骤、每次投票的正确率、"
    "有多确定，以及最常见的错误答案。",
    "live.col_name": "昵称",
    "live.col_given": "学生的回答",
    "live.col_correct": "是否答对",
    "live.col_sure": "有多确定",
    "live.yes": "是",
    "live.no": "否",
    "live.status": "📊 **第 {number} 题**：{prompt} · {joined} 人中已有 {n} 人作答",
    "live.question_n": "第 {n} 题：",
    "live.answered": "{joined} 人中已有 {n} 人作答",
    "live.revealed": "答案：**{answer}**。{n} 人中有 {right} 人答对（{share}）。",
    "live.predict_sure": "网络的置信度是 {sure}。",
    "live.network_sure": "网络说是{cls}，置信度 {sure}。",
    "live.network_right": "网络说是{cls}，置信度 {sure}，它答对了：这张图片的真实类别是{true}。",
    "live.network_wrong": "网络说是{cls}，置信度 {sure}，它答错了：这张图片的真实类别是{true}。",
    "live.first_vote": "第一次投票",
    "live.second_vote": "讨论后的第二次投票",
    "live.changes": "第一次投票答对 {first}，第二次 {second}。{to_right} 人改成了正确答案，{away} 人从正确答案改走了"
    "，{other} 人改成了另一个错误答案，{kept} 人没有改。",
    "live.calibration": "确定的回答：{sure}。不确定的：{unsure}。",
    "live.calibration_part": "{n} 个里对了 {right} 个（{share}）",
    "live.taps_caption": "全班的点选（{n} 个）：每个一个点，密度显示为热度",
    "live.gradcam_caption": "{cls}的 Grad-CAM，叠上全班的点选",
    "live.gradcam_mine": "{cls}的 Grad-CAM，叠上你的点选",
    "live.look_reveal": "{n} 个点选里有 {k} 个（{share}）落在 Grad-CAM 对{cls}最看重的四分之一图片上；随便点的话约有 "
    "{chance}。",
    "live.again": "讨论后再投",
    "live.again_help": "第一次投票留在屏幕上；手机上再问一次，并显示每个学生第一次的答案。揭晓时两次都显示，还有多少"
    "人改变了主意。",
    "live.confidence": "问有多确定",
    "live.confidence_help": "每个学生还要说自己是否确定。揭晓后显示确定的和不确定的回答各对了多少。",
    "live.sure": "确定",
    "live.unsure": "不确定",
    "live.second_vote_suffix": "（第二次投票）",
    "live.with_sure": "{answer}（{sure}）",
    "live.tap_at": "第 {row} 行第 {col} 列",
    "live.why_link": "看看为什么：{page}里讲这一步的地方",
    "live.kind.conv_value": "这一步的输出值",
    "live.kind.conv_size": "输出的大小",
    "live.kind.pool_max": "这一步最大池化的值",
    "live.kind.pool_average": "这一步平均池化的值",
    "live.kind.look": "网络在这张图片里看了哪里",
    "live.kind.epoch_accuracy": "第一轮之后的测试准确率（估计）",
    "live.kind.field_size": "这个格子看到的方块有多宽",
    "live.kind.zero_maps": "这些特征图里有几张全是 0",
    "live.kind.excites_none": "哪张图让这张特征图反应更强（不给参考图）",
    "live.kind.excites_synthetic": "哪张图让这张特征图反应更强（参考它想看到的图）",
    "live.kind.excites_natural": "哪张图让这张特征图反应更强（参考它最强的训练图块）",
    "live.kind.predict": "网络会把这张图片分成哪一类",
    "live.kind.trap_same_filter": "判断题：每个通道用同一个滤波器",
    "live.kind.trap_bias": "判断题：每个通道各加一次偏置",
    "live.kind.trap_pool_stride": "判断题：池化的步长",
    "live.q.conv_value": "第 {row} 行第 {col} 列的输出值是多少？",
    "live.q.conv_size": "{n} x {n} 的图片，{k} x {k} 的滤波器，步长 {s}，填充 {p}：输出有几行？",
    "live.q.pool_max": "最大池化，窗口 {size}，步长 {stride}：第 {row} 行第 {col} 列的输出是多少？",
    "live.q.pool_average": "平均池化，窗口 {size}，步长 {stride}：第 {row} 行第 {col} 列的输出是多少？",
    "live.q.look": "网络看了哪里才说是{cls}？点一下图片里最重要的部分。",
    "live.q.epoch_accuracy": "重放真实的训练：第一轮之后，网络能答对应用自带的 1,000 张测试图片中的百分之几？"
    "（相差 {within} 个百分点以内算对。）",
    "live.q.field_size": "{layer} 的一个格子取决于图片上的一个方块。这个方块有多少像素宽？",
    "live.q.zero_maps": "屏幕上 {layer} 的 {total} 张特征图里，有几张全是 0（全黑）？",
    "live.q.excites_none": "A 和 B 哪张图让 {layer} 第 {map} 张特征图反应更强？（没有参考图）",
    "live.q.excites_synthetic": "A 和 B 哪张图让 {layer} 第 {map} 张特征图反应更强？（参考图：它想看到的图）",
    "live.q.excites_natural": "A 和 B 哪张图让 {layer} 第 {map} 张特征图反应更强？（参考图：它最强的训练图块）",
    "live.q.predict": "网络会把这张图片分成哪一类？",
    "live.q.trap_same_filter": "判断：卷积滤波器在红、绿、蓝三个通道上用的是同样的权重。",
    "live.q.trap_bias": "判断：偏置加在每个通道的和上，所以彩色图片要加三次。",
    "live.q.trap_pool_stride": "判断：2 x 2 的池化窗口每次总是移动 2 格。",
    "live.true": "对",
    "live.A": "A",
    "live.B": "B",
    "live.false": "错",
    "live.enter_code": "输入老师给出的房间码。",
    "live.code": "房间码",
    "live.join": "加入",
    "live.bad_code": "房间码是 6 个字母和数字，比如 ABC234。",
    "live.no_room": "没有房间码为 {code} 的课堂（可能已经结束）。请检查房间码。",
    "live.in_room": "房间 {code}",
    "live.unavailable": "课堂互动暂时连不上它的房间：本页每隔几秒会自己重试。",
    "live.ended": "这次课堂互动已经结束。",
    "live.wait_first": "你已加入。老师提出第一个问题时，它会出现在这里。",
    "live.too_late": "你的答案在公布之后，或者是对上一题的，所以没有计入。",
    "live.your_number": "你的答案",
    "live.send": "提交",
    "live.sent": "你的答案：**{answer}**。老师公布答案之前都可以修改。",
    "live.sent_closed": "你的答案：**{answer}**。",
    "live.answers_so_far": "目前的回答",
    "live.options": "选项",
    "live.already_open": "这道题已经在作答中：先公布答案，或者换一个问题。",
    "live.more": "提问、计时、结束",
    "live.ask_instead": "改问这个",
    "live.time_up_short": "时间到",
    "live.how_sure": "你有多确定？",
    "live.sure_first": "先说你有多确定，再作答。",
    "live.your_first": "你第一次的答案：{answer}。和旁边的同学讨论一下，然后再投一次（答案不变也可以）。",
    "live.first_right": "你第一次的答案 {answer} 是对的。",
    "live.first_wrong": "你第一次的答案是 {answer}。",
    "live.tap_here": "在图片上点出你认为网络看的地方。揭晓之前可以重新点。",
    "live.your_tap": "你点的是第 {row} 行第 {col} 列。",
    "live.tap_missed": "这张图片你没有点。",
    "live.tap_on": "你点的地方在网络最看重的那四分之一图片上。",
    "live.tap_off": "你点的地方不在网络最看重的那四分之一图片上。",
    "live.class_taps": "全班 {n} 个点选里有 {right} 个（{share}）落在那里；随便点的话约有 {chance}。",
    "live.you_missed": "答案：**{answer}**。这一题你没有作答。",
    "live.you_right": "答对了，答案是：**{answer}**。",
    "live.you_wrong": "答案：**{answer}**（你答的是 {mine}）。",
    "live.class_share": "全班 {share} 答对（{n} 人中 {right} 人）。",
    "live.nobody_answered": "这道题没有人作答。",
    "live.revealed_none": "答案：**{answer}**。没有人作答。",
    "plan.title": "准备一堂课",
    "plan.intro": "选好图片、要展示的步骤和顺序，以及在哪一步让全班答"
    "题。计划就保存在它的链接里：发给自己，在演示模式下"
    "打开，“下一步”就会按这些步骤走，并在你安排的地方打"
    "开问题。还可以把练习纸打印出来发给学生。",
    "plan.bad_link": "这个链接里没有能读取的课程计划（可能被截断了）。下面是一个空计划。",
    "plan.h_picture": "1. 图片",
    "plan.picture": "这堂课讲的图片",
    "plan.picture_own": "屏幕上的那张（学生自己的）",
    "plan.h_steps": "2. 步骤",
    "plan.empty": "还没有步骤：在下面添加，或者从示例开始（用十步讲完文章的内容）。",
    "plan.example": "从示例开始",
    "plan.up": "提前",
    "plan.down": "推后",
    "plan.drop": "删除这一步",
    "plan.clear": "删除所有步骤",
    "plan.h_add": "添加一步",
    "plan.page": "页面",
    "plan.layer": "层",
    "plan.step_n": "步骤（1 到 {n}）",
    "plan.step": "步骤",
    "plan.ask": "问题",
    "plan.no_question": "不提问",
    "plan.again": "再投一次",
    "plan.again_help": "同伴教学：第一次投票后，全班讨论，在揭晓前再投一次。",
    "plan.add": "添加这一步",
    "plan.full": "一个计划最多 {n} 步。",
    "plan.step_of_page": "{page} · 第 {step} 步",
    "plan.layer_of_page": "{page} · {step} 层",
    "plan.asks": "提问：{what}",
    "plan.sure_short": "有多确定",
    "plan.again_short": "再投一次",
    "plan.h_use": "3. 使用",
    "plan.nothing_yet": "添加一步后，这里会给出计划的链接和练习纸。",
    "plan.link_text": "计划的链接（打开时用读者自己的语言）：",
    "plan.too_long": "这个计划太长，放不进链接（{n} 个字符，最多 {most} 个）。请把它下载为文件，上课时在这里打开。",
    "plan.present": "▶ 演示这个计划",
    "plan.worksheet": "🖨 练习纸",
    "plan.download": "⬇ 下载计划文件",
    "plan.open_file": "打开计划文件",
    "plan.bad_file": "这个文件不是课程计划（计划文件是“下载计划文件”保存的 .json）。屏幕上的计划没有改变。",
    "plan.where": "计划 {n} / {of} · {step}",
    "plan.worksheet_title": "计划的练习纸",
    "plan.print_how": "用浏览器打印（Ctrl+P 或 ⌘P，或另存为 PDF）：只会打印练习纸，答案页从新的一页开始。",
    "plan.back_to_plan": "◀ 回到计划",
    "plan.sheet_title": "CNN Viz 练习纸",
    "plan.sheet_name": "姓名：",
    "plan.sheet_date": "日期：",
    "plan.sheet_question": "问题：",
    "plan.sheet_shade": "把你认为网络关注的方格涂上阴影。",
    "plan.sheet_again": "讨论之后：你的第二次答案。",
    "plan.sheet_filter": "{channel}滤波器",
    "plan.sheet_bias": "偏置：{bias}",
    "plan.sheet_cell": "框出的是输出第 {row} 行、第 {col} 列的窗口。",
    "plan.sheet_pool_input": "输入（卷积的输出）",
    "plan.sheet_layer": "层：{layer}",
    "plan.sheet_key": "答案（教师用）",
    "plan.sheet_key_step": "第 {n} 步：",
    "plan.sheet_looked": "网络最看重的四分之一图片（亮的部分）：",
    "plan.sheet_no_questions": "这个计划没有提问。",
    "results.title": "课堂报告 · 房间 {code}",
    "results.intro": "共 {n} 道题，按提问顺序排列。",
    "results.plan_step": "计划第 {n} 步 · {step}",
    "results.col_number": "序号",
    "results.col_step": "步骤",
    "results.col_question": "问题",
    "results.col_answer": "答案",
    "results.col_answered": "作答人数",
    "results.col_first": "答对（第一次投票）",
    "results.col_second": "答对（第二次投票）",
    "results.col_sure": "确定 / 不确定的答对数",
    "results.col_wrong": "最常见的错误答案",
}

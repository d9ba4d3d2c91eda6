"""The models of the tutorials a learner is most likely to have trained, built in Keras as each
tutorial writes them (random weights, seed fixed): what "Your own model" must open.

TUTORIALS: {name: (input shape, a function giving the Keras model)}.
"""

import numpy as np


def image_classification(side=180):
    """TensorFlow's "Image classification" tutorial (tensorflow.org/tutorials/images/classification),
    after its "Data augmentation" step: the augmentation layers in a Sequential of their own
    inside the model, Rescaling, three convolutions and poolings, Dropout, two dense layers; five
    flower classes at 180 x 180 (its gradient needs more than cnn_viz.cost.BUDGET there: up to
    164 x 164 it opens)."""
    import keras

    L = keras.layers
    data_augmentation = keras.Sequential(
        [L.RandomFlip("horizontal", input_shape=(side, side, 3)), L.RandomRotation(0.1), L.RandomZoom(0.1)]
    )
    return keras.Sequential(
        [
            data_augmentation,
            L.Rescaling(1.0 / 255),
            L.Conv2D(16, 3, padding="same", activation="relu"),
            L.MaxPooling2D(),
            L.Conv2D(32, 3, padding="same", activation="relu"),
            L.MaxPooling2D(),
            L.Conv2D(64, 3, padding="same", activation="relu"),
            L.MaxPooling2D(),
            L.Dropout(0.2),
            L.Flatten(),
            L.Dense(128, activation="relu"),
            L.Dense(5, name="outputs"),
        ]
    )


def cifar10_cnn():
    """TensorFlow's "Convolutional Neural Network (CNN)" tutorial on CIFAR-10
    (tensorflow.org/tutorials/images/cnn)."""
    import keras

    L = keras.layers
    return keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            L.Conv2D(32, (3, 3), activation="relu"),
            L.MaxPooling2D((2, 2)),
            L.Conv2D(64, (3, 3), activation="relu"),
            L.MaxPooling2D((2, 2)),
            L.Conv2D(64, (3, 3), activation="relu"),
            L.Flatten(),
            L.Dense(64, activation="relu"),
            L.Dense(10),
        ]
    )


def mnist_convnet():
    """Keras's "Simple MNIST convnet" (keras.io/examples/vision/mnist_convnet)."""
    import keras

    L = keras.layers
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            L.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            L.MaxPooling2D(pool_size=(2, 2)),
            L.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            L.MaxPooling2D(pool_size=(2, 2)),
            L.Flatten(),
            L.Dropout(0.5),
            L.Dense(10, activation="softmax"),
        ]
    )


def mobilenet_style(side=224):
    """A small MobileNet-style network written as a Functional chain, as keras.applications
    writes MobileNet: ZeroPadding2D before each strided convolution, DepthwiseConv2D and 1 x 1
    convolutions each followed by BatchNormalization and ReLU, a SeparableConv2D, global average
    pooling, Dropout and a dense layer. ReLU, not MobileNet's ReLU6 (max_value=6 is refused)."""
    import keras

    L = keras.layers
    inputs = keras.Input((side, side, 3))
    x = L.Rescaling(1 / 127.5, offset=-1)(inputs)
    x = L.ZeroPadding2D(((0, 1), (0, 1)))(x)
    x = L.Conv2D(8, 3, strides=2, use_bias=False)(x)
    x = L.ReLU()(L.BatchNormalization()(x))
    for filters, strides in ((16, 1), (24, 2)):
        if strides > 1:
            x = L.ZeroPadding2D(((0, 1), (0, 1)))(x)
        x = L.DepthwiseConv2D(3, strides=strides, padding="same" if strides == 1 else "valid", use_bias=False)(x)
        x = L.ReLU()(L.BatchNormalization()(x))
        x = L.Conv2D(filters, 1, use_bias=False)(x)
        x = L.ReLU()(L.BatchNormalization()(x))
    x = L.SeparableConv2D(32, 3, padding="same", dilation_rate=2, use_bias=False)(x)
    x = L.ReLU()(L.BatchNormalization()(x))
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dropout(0.1)(x)
    return keras.Model(inputs, L.Dense(4, activation="softmax")(x))


TUTORIALS = {
    "image classification (flowers), at 160 x 160": ((160, 160, 3), lambda: image_classification(160)),
    "CIFAR-10 CNN": ((32, 32, 3), cifar10_cnn),
    "simple MNIST convnet": ((28, 28, 1), mnist_convnet),
    "MobileNet-style, Functional, 224 x 224": ((224, 224, 3), mobilenet_style),
}


def built(name, seed=0):
    """The tutorial's model with Keras's random initial weights (seed fixed), and batch
    normalization statistics that are not the identity (a trained model's are not)."""
    import keras

    keras.utils.set_random_seed(seed)
    return with_statistics((TUTORIALS[name][1] if isinstance(name, str) else name)(), seed)


def with_statistics(net, seed=0):
    """net, its every BatchNormalization given random gamma, beta, mean and variance."""
    import keras

    rng = np.random.default_rng(seed)
    for layer in net.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights(
                [
                    rng.normal(1, 0.2, gamma.shape),
                    rng.normal(0, 0.2, beta.shape),
                    rng.normal(0, 0.3, mean.shape),
                    rng.uniform(0.5, 2, var.shape),
                ]  # fmt: skip
            )
    return net

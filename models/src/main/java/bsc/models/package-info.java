/**
 * Built-in CNNs with seeded synthetic weights: torchvision's resnet18, resnet50, vgg16, inception_v3
 * and mobilenet_v2, plus a tiny test net. The public API is {@link bsc.models.BuiltinModels} and
 * {@link bsc.models.ModelInfo}; one package-private class per architecture builds its graph through
 * {@code NetBuilder}, which draws every weight from {@code SeededWeights}.
 */
package bsc.models;

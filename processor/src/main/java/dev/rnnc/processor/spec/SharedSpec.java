package dev.rnnc.processor.spec;

/**
 * A {@code @Shared} layer: another application of an earlier layer, with that layer's weights.
 *
 * @param name this method's name
 * @param layer the shared layer as applied here: its kind and options, named like the shared layer
 *     (whose weights and size constants it uses), with the input shape and mask of this application
 */
public record SharedSpec(String name, LayerSpec layer, Shape input, Shape output)
    implements LayerSpec {}

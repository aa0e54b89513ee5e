package dev.rnnc.processor.spec;

import java.util.List;

/**
 * A merge layer ({@code @Concatenate}, {@code @Add}, {@code @Multiply}, {@code @Average}) over two
 * or more inputs of compatible shapes.
 *
 * @param inputs the shape of each input, in parameter order ({@link #input()} is the first)
 */
public record MergeSpec(String name, Kind kind, List<Shape> inputs, Shape output)
    implements LayerSpec {

  /** The merge layers, by Keras class name. */
  public enum Kind {
    CONCATENATE("Concatenate"),
    ADD("Add"),
    MULTIPLY("Multiply"),
    AVERAGE("Average");

    private final String kerasClass;

    Kind(String kerasClass) {
      this.kerasClass = kerasClass;
    }

    /** The Keras class name, which is also the annotation's simple name. */
    public String kerasClass() {
      return kerasClass;
    }
  }

  @Override
  public Shape input() {
    return inputs.getFirst();
  }
}

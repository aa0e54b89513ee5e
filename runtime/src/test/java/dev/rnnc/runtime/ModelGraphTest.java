package dev.rnnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ModelGraph}: Keras' notation parsed, and a graph that names unknown tensors refused. */
class ModelGraphTest {
  private static final ModelGraph SEQ2SEQ =
      ModelGraph.of(
          List.of(
              ModelGraph.input("tokens", "(None, None)", "int32"),
              ModelGraph.node("encoder", List.of("tokens[0][0]"), List.of(), "[(None, 8), (1, 8)]"),
              ModelGraph.node(
                  "decoder", List.of("tokens[0][0]"), List.of("encoder[0][1]"), "(None, 5, 8)")),
          List.of("tokens"),
          List.of("decoder[0][0]", "encoder[0][1]"));

  @Test
  void shapesAndTensorsParseFromKerasNotation() {
    assertEquals(
        Arrays.asList(null, null), SEQ2SEQ.shapeOf(ModelGraph.Tensor.parse("tokens[0][0]")));
    assertEquals(List.of(1, 8), SEQ2SEQ.shapeOf(ModelGraph.Tensor.parse("encoder[0][1]")));
    assertEquals(Arrays.asList(null, 5, 8), SEQ2SEQ.shapeOf(SEQ2SEQ.outputs().getFirst()));
    assertEquals("int32", SEQ2SEQ.dtypeOf(ModelGraph.Tensor.parse("tokens[0][0]")));
    assertEquals("float32", SEQ2SEQ.dtypeOf(ModelGraph.Tensor.parse("encoder[0][1]")));
    assertEquals(
        new ModelGraph.Tensor("my_layer_2", 3, 1), ModelGraph.Tensor.parse("my_layer_2[3][1]"));
  }

  @Test
  void aTensorOfAnOperationNotListedBeforeItIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelGraph.of(
                    List.of(
                        ModelGraph.input("x", "(None, 4)", "float32"),
                        ModelGraph.node("head", List.of("body[0][0]"), List.of(), "(None, 2)"),
                        ModelGraph.node("body", List.of("x[0][0]"), List.of(), "(None, 4)")),
                    List.of("x"),
                    List.of("head[0][0]")));
    assertEquals(
        "node head[0] takes body[0][0], but no such operation node is listed before it",
        e.getMessage());
    var second =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelGraph.of(
                    List.of(
                        ModelGraph.input("x", "(None, 4)", "float32"),
                        ModelGraph.node("head", List.of("x[0][0]"), List.of(), "(None, 2)")),
                    List.of("x"),
                    List.of("head[1][0]")));
    assertEquals(
        "the model outputs takes head[1][0], but no such operation node is listed before it",
        second.getMessage());
  }

  @Test
  void textNotInKerasNotationIsRefused() {
    var tensor = assertThrows(IllegalArgumentException.class, () -> ModelGraph.Tensor.parse("x.0"));
    assertEquals(
        "expected a tensor as layer[node][index], like encoder[0][1], but got x.0",
        tensor.getMessage());
    var shape =
        assertThrows(
            IllegalArgumentException.class, () -> ModelGraph.input("x", "None, 4", "float32"));
    assertEquals(
        "expected shapes in Keras' notation, like (None, 5, 4), but got None, 4",
        shape.getMessage());
  }
}

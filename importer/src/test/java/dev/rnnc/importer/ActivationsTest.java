package dev.rnnc.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rnnc.processor.spec.ActivationName;
import org.junit.jupiter.api.Test;

class ActivationsTest {

  @Test
  void sameNamesAsTheProcessor() {
    assertEquals(
        ActivationName.kerasNames(),
        Activations.NAMES,
        "the importer must accept exactly the activations the processor accepts");
  }

  @Test
  void siluIsSwishAndNullIsLinear() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    assertEquals(
        new Activations.Result("swish", null),
        Activations.read(json.textNode("silu"), "activation", false));
    assertEquals(
        new Activations.Result("linear", null),
        Activations.read(json.nullNode(), "activation", true));
  }

  @Test
  void customFunctionIsNamed() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    var custom =
        json.objectNode()
            .put("module", "builtins")
            .put("class_name", "function")
            .put("config", "my_act");
    assertEquals(
        "activation is a custom function 'my_act': rnnc supports only linear, tanh, sigmoid, relu,"
            + " hard_sigmoid, elu, selu, gelu, swish, softplus, softsign, softmax",
        Activations.read(custom, "activation", true).problem());
  }
}

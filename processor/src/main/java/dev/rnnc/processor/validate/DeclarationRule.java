package dev.rnnc.processor.validate;

import dev.rnnc.processor.Diagnostics;
import dev.rnnc.processor.read.ModelDecl;
import java.util.List;

/** One check of a model as written; each reports its own errors and never stops the others. */
public interface DeclarationRule {
  /** Reports every violation of this rule in {@code model}. */
  void check(ModelDecl model, Diagnostics diagnostics);

  /** All declaration rules, in the order their errors read best. */
  static List<DeclarationRule> all() {
    return List.of(
        new InputRule(),
        new NoLayersRule(),
        new LayerMethodRule(),
        new SizeRule(),
        new NameRule(),
        new DropoutRateRule(),
        new WrapperRule(),
        new BackwardLayerRule(),
        new MaskRule(),
        new CellRule(),
        new NumLayersRule(),
        new GraphRule());
  }
}

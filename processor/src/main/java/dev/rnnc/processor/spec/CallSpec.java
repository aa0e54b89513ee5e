package dev.rnnc.processor.spec;

import java.util.List;

/**
 * A call method, matched to one of the accepted forms.
 *
 * @param name the method name
 * @param parameters the parameter names, used in generated error messages
 * @param batch whether it takes a batch (one more array dimension)
 * @param into whether it writes into a caller-owned array ({@code void m(in, out)}) instead of returning one
 */
public record CallSpec(String name, List<String> parameters, boolean batch, boolean into) {}

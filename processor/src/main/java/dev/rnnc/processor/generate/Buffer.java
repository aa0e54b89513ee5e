package dev.rnnc.processor.generate;

/**
 * A float array one layer writes and the next reads: {@code rows × stride} floats, of which the
 * first {@code width} of each row are meaningful (the rest is padding to the vector width).
 *
 * @param field the array field
 * @param width the constant naming the logical row width
 * @param stride the constant naming the row stride
 * @param sequence whether it holds one row per timestep (else one row)
 */
record Buffer(String field, String width, String stride, boolean sequence) {}

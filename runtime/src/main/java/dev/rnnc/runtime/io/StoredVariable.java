package dev.rnnc.runtime.io;

/**
 * One variable dataset of a weight file, converted to float.
 *
 * @param path the dataset's HDF5 path, for messages
 * @param shape the dataset's shape
 * @param values the values row-major, or {@code null} when {@code problem} says why not
 * @param problem why the dataset cannot be used (e.g. an integer type), or {@code null}
 */
record StoredVariable(String path, int[] shape, float[] values, String problem) {}

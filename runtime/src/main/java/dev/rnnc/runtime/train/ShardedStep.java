package dev.rnnc.runtime.train;

import dev.rnnc.runtime.Layer;
import dev.rnnc.runtime.Variable;
import java.util.List;

/**
 * What a generated training step split into shards ({@link ShardPool}) does besides running them:
 * give each shard's copy of the model the model's current weights, and sum the shards' gradients in
 * shard order, so that the sum does not depend on which shard finished first. The sum may itself be
 * split across the pool by index ranges ({@link #addGradients(float[][], float[][][], int, int,
 * int)}): each element still adds the shards in shard order.
 */
public final class ShardedStep {
  private ShardedStep() {}

  /**
   * Copies every variable of {@code from}'s layers (trained or not) into the same variable of
   * {@code to}'s, a copy of the same generated model; nothing where the copy shares the array (a
   * generated model's {@code copy()} does).
   */
  public static void copyWeights(List<Layer> from, List<Layer> to) {
    for (int i = 0; i < from.size(); i++) {
      List<Variable> source = from.get(i).variables();
      List<Variable> target = to.get(i).variables();
      for (int j = 0; j < source.size(); j++) {
        float[] values = source.get(j).storage();
        float[] copy = target.get(j).storage();
        if (copy != values) {
          System.arraycopy(values, 0, copy, 0, values.length);
        }
      }
    }
  }

  /** Adds each of {@code shard}'s gradient arrays to the same array of {@code into}. */
  public static void addGradients(float[][] into, float[][] shard) {
    for (int k = 0; k < into.length; k++) {
      float[] sum = into[k];
      float[] add = shard[k];
      for (int i = 0; i < sum.length; i++) {
        sum[i] += add[i];
      }
    }
  }

  /**
   * Part {@code part} of {@code parts} of adding the gradient arrays of {@code shards[0 .. count -
   * 1]} to {@code into}: of each array, the elements from {@code ShardPool.start(part, parts,
   * length)} up to the next part's start, each shard's added in shard order. Every element then
   * sums as {@link #addGradients(float[][], float[][])} shard after shard sums it, whichever
   * threads run the parts and in whatever order.
   */
  public static void addGradients(
      float[][] into, float[][][] shards, int count, int part, int parts) {
    for (int k = 0; k < into.length; k++) {
      float[] sum = into[k];
      int from = ShardPool.start(part, parts, sum.length);
      int to = ShardPool.start(part + 1, parts, sum.length);
      for (int s = 0; s < count; s++) {
        float[] add = shards[s][k];
        for (int i = from; i < to; i++) {
          sum[i] += add[i];
        }
      }
    }
  }
}

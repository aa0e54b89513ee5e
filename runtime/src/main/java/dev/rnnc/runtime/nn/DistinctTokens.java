package dev.rnnc.runtime.nn;

import dev.rnnc.runtime.simd.Kernels;
import java.util.Arrays;

/**
 * The distinct token ids of a training batch and, per token position, which of them it holds: lets
 * an Embedding that feeds a recurrent layer's projection have that projection computed once per
 * distinct token, and its gradients ({@code dW}, the bias', the table's) once per distinct token
 * from the positions' gradients summed per token. A row of the table projected is the same row
 * wherever its token stands, so {@code x·W + b} of a position is its token's; and {@code Σ xᵀ·dz}
 * over positions is {@code Σ rowᵀ·(Σ dz)} over tokens, as is {@code dz·Wᵀ} scattered to the table.
 * A batch of 128 sequences of 200 tokens from a vocabulary of 10,000 holds about 9,200 distinct
 * tokens among its 25,600 positions when they are drawn uniformly, and text, which repeats tokens,
 * fewer.
 *
 * <p>Grows its buffers with the largest batch seen, then allocates nothing. Not thread-safe; one
 * per training copy of a model.
 */
public final class DistinctTokens {
  /** Per token id: its distinct row while {@link #index} runs, else -1. */
  private final int[] slot;

  /** This index's own buffers, filled by {@link #index}. */
  private int[] ownIds = new int[0];

  private int[] ownRowOf = new int[0];

  /**
   * The index read: this one's own, or after {@link #useIndexOf} the whole batch's, whose position
   * {@code first + p} is this one's position {@code p}.
   */
  private int[] ids = ownIds;

  private int[] rowOf = ownRowOf;
  private int first;
  private int count;

  /** Per distinct row: the {@link #startSums} pass that last wrote its sum. */
  private int[] summed = new int[0];

  private int pass;

  /**
   * An index over a vocabulary.
   *
   * @param vocabulary the number of token ids (the Embedding's {@code inputDim})
   */
  public DistinctTokens(int vocabulary) {
    slot = new int[vocabulary];
    Arrays.fill(slot, -1);
  }

  /**
   * Indexes a batch's tokens: the distinct ids, and each position's row among them. Rows are
   * numbered in the order ids first appear timestep by timestep ({@code t}, then the sequences at
   * {@code t}): a timestep's new tokens then have consecutive rows, so {@link #gather} and {@link
   * #sum}, which walk one timestep at a time, mostly stream through neighbouring rows instead of
   * rows scattered over the whole projection. The ids are range-checked at the call boundary (one
   * out of range here throws {@code ArrayIndexOutOfBoundsException} and leaves the last index's
   * rows undefined).
   *
   * @param tokens the batch's token ids, sequence after sequence ({@code b·timesteps + t})
   * @param sequences the number of sequences
   * @param timesteps the number of timesteps of each
   * @return the number of distinct ids
   */
  public int index(int[] tokens, int sequences, int timesteps) {
    int positions = sequences * timesteps;
    if (ownRowOf.length < positions) {
      ownRowOf = new int[positions];
      ownIds = new int[Math.min(positions, slot.length)];
    }
    ids = ownIds;
    rowOf = ownRowOf;
    first = 0;
    int distinct = 0;
    try {
      for (int t = 0; t < timesteps; t++) {
        for (int i = t; i < positions; i += timesteps) {
          int id = tokens[i];
          int row = slot[id];
          if (row < 0) {
            row = distinct++;
            slot[id] = row;
            ids[row] = id;
          }
          rowOf[i] = row;
        }
      }
    } finally { // an id out of range leaves the index as clean as it found it
      for (int r = 0; r < distinct; r++) {
        slot[ids[r]] = -1;
      }
    }
    count = distinct;
    return distinct;
  }

  /**
   * Reads {@code whole}'s index until the next {@link #index}: a shard of a batch split across
   * threads, whose positions are {@code whole}'s from {@code firstPosition} on, gathers and sums by
   * the whole batch's distinct rows, so that each distinct token is projected, and its gradients
   * taken, once for the batch rather than once per shard. The sums stay this index's own ({@link
   * #addSums} adds them up). {@code whole} must not index again while this one reads it.
   *
   * @param whole the whole batch's index
   * @param firstPosition the position in {@code whole} of this shard's position 0
   */
  public void useIndexOf(DistinctTokens whole, int firstPosition) {
    ids = whole.ownIds;
    rowOf = whole.ownRowOf;
    first = firstPosition;
    count = whole.count;
  }

  /**
   * Adds a shard's sums of rows {@code from .. from + rows - 1} to this index's, for each row the
   * shard summed: copied where this index summed none, added where it did. Called for the shards in
   * shard order (each after {@link #useIndexOf} this index and summed its positions), rows then sum
   * in that order whichever threads add which rows.
   *
   * @param shard the shard's index
   * @param shardSums the shard's sums
   * @param sums this index's sums, updated
   * @param width floats per row
   * @param from the first row
   * @param rows the number of rows
   */
  public void addSums(
      DistinctTokens shard, float[] shardSums, float[] sums, int width, int from, int rows) {
    for (int r = from; r < from + rows; r++) {
      if (shard.summed[r] != shard.pass) {
        continue;
      }
      addToSum(r, shardSums, r * width, sums, width);
    }
  }

  /** The number of distinct ids of the last {@link #index}. */
  public int count() {
    return count;
  }

  /**
   * The distinct ids of the last {@link #index}, in the order of their rows; the first {@link
   * #count()} are meaningful.
   */
  public int[] ids() {
    return ids;
  }

  /**
   * Copies the rows of {@code n} positions {@code from, from + step, ...}: each position gets its
   * token's row of {@code rows}.
   *
   * @param rows one row per distinct id, {@code width} floats apart
   * @param width floats per row (copied whole)
   * @param from the first position
   * @param step the distance between positions (a sequence's timesteps, to walk one timestep)
   * @param n the number of positions
   * @param out the positions' rows
   * @param outOff offset of the first position's row
   * @param outStride distance between the positions' rows
   */
  public void gather(
      float[] rows, int width, int from, int step, int n, float[] out, int outOff, int outStride) {
    for (int i = 0, p = from, o = outOff; i < n; i++, p += step, o += outStride) {
      System.arraycopy(rows, rowOf[first + p] * width, out, o, width);
    }
  }

  /**
   * Starts summing a batch's rows per token: the {@link #sum} calls that follow cover every
   * position of the last {@link #index} once, after which each distinct id's row of the sums holds
   * its positions' rows summed.
   */
  public void startSums() {
    if (summed.length < count) {
      summed = new int[ids.length];
      pass = 0;
    }
    if (++pass == Integer.MAX_VALUE) { // after 2^31 batches: every row's mark can go
      Arrays.fill(summed, 0);
      pass = 1;
    }
  }

  /**
   * Adds the rows of {@code n} positions {@code from, from + step, ...} to their tokens' sums, in
   * that order (so the same batch gives the same bits); a token's first row since {@link
   * #startSums} is copied, so the sums need no clearing.
   *
   * @param d the positions' rows
   * @param dOff offset of the first position's row
   * @param dStride distance between the positions' rows
   * @param from the first position
   * @param step the distance between positions
   * @param n the number of positions
   * @param width floats per row that are summed
   * @param sums one row per distinct id, {@code width} floats apart
   */
  public void sum(
      float[] d, int dOff, int dStride, int from, int step, int n, int width, float[] sums) {
    for (int i = 0, p = from, o = dOff; i < n; i++, p += step, o += dStride) {
      addToSum(rowOf[first + p], d, o, sums, width);
    }
  }

  /**
   * Adds {@code width} floats of {@code d} from {@code dOff} to row {@code row} of {@code sums}:
   * copied if it is the row's first since {@link #startSums}, so the sums need no clearing.
   */
  private void addToSum(int row, float[] d, int dOff, float[] sums, int width) {
    int at = row * width;
    if (summed[row] != pass) {
      summed[row] = pass;
      System.arraycopy(d, dOff, sums, at, width);
    } else {
      Kernels.add(sums, at, d, dOff, sums, at, width);
    }
  }
}

package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DistinctTokens}: the index of a batch's tokens, the rows gathered per position and the
 * positions' rows summed per token, against loops over the positions written here.
 */
class DistinctTokensTest {
  static final int WIDTH = 21; // more than one vector, with a tail

  @Test
  void indexesDistinctIdsInTheOrderTheyFirstAppearTimestepByTimestep() {
    DistinctTokens tokens = new DistinctTokens(10);
    int[] batch = {7, 3, 7, 0, 3, 9, 0, 7}; // two sequences of four timesteps

    assertEquals(4, tokens.index(batch, 2, 4));

    // t = 0 brings 7 and 3, t = 1 brings 9 (the second sequence's), t = 2 brings 0
    assertArrayEquals(new int[] {7, 3, 9, 0}, Arrays.copyOf(tokens.ids(), tokens.count()));
    // the index forgets the batch: the next one starts afresh
    assertEquals(2, tokens.index(new int[] {9, 9, 3}, 1, 3));
    assertArrayEquals(new int[] {9, 3}, Arrays.copyOf(tokens.ids(), tokens.count()));
  }

  @Test
  void anIdOutOfRangeLeavesTheIndexUsable() {
    DistinctTokens tokens = new DistinctTokens(5);

    assertThrows(
        ArrayIndexOutOfBoundsException.class, () -> tokens.index(new int[] {4, 2, 5}, 1, 3));

    // 4 and 2 were seen before the bad id: had they kept their rows, they would not be new here
    assertEquals(3, tokens.index(new int[] {2, 4, 2, 0}, 1, 4));
    assertArrayEquals(new int[] {2, 4, 0}, Arrays.copyOf(tokens.ids(), tokens.count()));
  }

  @Test
  void gathersEachPositionsTokenRow() {
    DistinctTokens tokens = new DistinctTokens(6);
    int timesteps = 3;
    int[] batch = {5, 1, 5, 2, 5, 1}; // two samples of three timesteps
    int distinct = tokens.index(batch, 2, timesteps);
    float[] rows = new float[distinct * WIDTH];
    for (int r = 0; r < distinct; r++) {
      Arrays.fill(rows, r * WIDTH, (r + 1) * WIDTH, tokens.ids()[r] + 0.5f);
    }
    int stride = WIDTH + 3;
    float[] out = new float[2 * timesteps * stride];

    for (int t = 0; t < timesteps; t++) { // one timestep of both samples at a time
      tokens.gather(rows, WIDTH, t, timesteps, 2, out, t * stride, timesteps * stride);
    }

    for (int p = 0; p < batch.length; p++) {
      for (int j = 0; j < WIDTH; j++) {
        assertEquals(batch[p] + 0.5f, out[p * stride + j], "position " + p + ", value " + j);
      }
      for (int j = WIDTH; j < stride; j++) {
        assertEquals(0f, out[p * stride + j], "padding of position " + p);
      }
    }
  }

  @Test
  void sumsPositionsPerTokenInTheOrderGiven() {
    Random random = new Random(7);
    int samples = 5;
    int timesteps = 8;
    int positions = samples * timesteps;
    int[] batch = new int[positions];
    for (int p = 0; p < positions; p++) {
      batch[p] = random.nextInt(6);
    }
    int stride = WIDTH + 11;
    float[] d = new float[positions * stride];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) random.nextGaussian();
    }
    DistinctTokens tokens = new DistinctTokens(6);
    int distinct = tokens.index(batch, samples, timesteps);
    float[] sums = new float[distinct * WIDTH];
    Arrays.fill(sums, Float.NaN); // not cleared: each token's first row is copied

    for (int pass = 0; pass < 2; pass++) { // the second pass starts over
      tokens.startSums();
      for (int t = timesteps - 1; t >= 0; t--) { // as BPTT visits them
        tokens.sum(d, t * stride, timesteps * stride, t, timesteps, samples, WIDTH, sums);
      }
    }

    float[] expected = new float[distinct * WIDTH];
    boolean[] seen = new boolean[distinct];
    for (int t = timesteps - 1; t >= 0; t--) {
      for (int b = 0; b < samples; b++) {
        int p = b * timesteps + t;
        int row = indexOf(tokens, batch[p]);
        for (int j = 0; j < WIDTH; j++) {
          float v = d[p * stride + j];
          expected[row * WIDTH + j] = seen[row] ? expected[row * WIDTH + j] + v : v;
        }
        seen[row] = true;
      }
    }
    assertArrayEquals(expected, sums); // the same additions in the same order: the same bits
  }

  @Test
  void growsWithTheBatchAndKeepsSumming() {
    DistinctTokens tokens = new DistinctTokens(50);
    float[] d = new float[40 * WIDTH];
    Arrays.fill(d, 1f);
    float[] sums = new float[40 * WIDTH];
    tokens.index(new int[] {1, 1}, 1, 2);
    tokens.startSums();
    tokens.sum(d, 0, WIDTH, 0, 1, 2, WIDTH, sums);
    int[] larger = new int[40];
    for (int p = 0; p < larger.length; p++) {
      larger[p] = p % 30;
    }

    assertEquals(30, tokens.index(larger, 1, larger.length));
    tokens.startSums();
    tokens.sum(d, 0, WIDTH, 0, 1, larger.length, WIDTH, sums);

    for (int r = 0; r < 30; r++) {
      assertEquals(tokens.ids()[r] < 10 ? 2f : 1f, sums[r * WIDTH], "token " + tokens.ids()[r]);
    }
  }

  @Test
  void aShardGathersByTheWholeBatchsIndex() {
    int timesteps = 3;
    int[] batch = {5, 1, 5, 2, 4, 1}; // sequence 0, then sequence 1 (the shard's)
    DistinctTokens whole = new DistinctTokens(6);
    int distinct = whole.index(batch, 2, timesteps);
    float[] rows = new float[distinct * WIDTH];
    for (int r = 0; r < distinct; r++) {
      Arrays.fill(rows, r * WIDTH, (r + 1) * WIDTH, whole.ids()[r] + 0.5f);
    }
    DistinctTokens shard = new DistinctTokens(6);
    shard.index(new int[] {3, 3, 3}, 1, timesteps); // an index of its own first, which it leaves

    shard.useIndexOf(whole, timesteps);
    float[] out = new float[timesteps * WIDTH];
    for (int t = 0; t < timesteps; t++) {
      shard.gather(rows, WIDTH, t, timesteps, 1, out, t * WIDTH, timesteps * WIDTH);
    }

    assertEquals(distinct, shard.count());
    for (int t = 0; t < timesteps; t++) {
      assertEquals(batch[timesteps + t] + 0.5f, out[t * WIDTH], "timestep " + t);
    }
  }

  @Test
  void addsAShardsSumsToTheWholeBatchsInShardOrder() {
    Random random = new Random(3);
    int samples = 4;
    int timesteps = 6;
    int positions = samples * timesteps;
    int[] batch = new int[positions];
    for (int p = 0; p < positions; p++) {
      batch[p] = random.nextInt(9);
    }
    float[] d = new float[positions * WIDTH];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) random.nextGaussian();
    }
    DistinctTokens whole = new DistinctTokens(9);
    int distinct = whole.index(batch, samples, timesteps);
    DistinctTokens shard = new DistinctTokens(9);
    shard.useIndexOf(whole, 2 * timesteps); // samples 2 and 3
    float[] sums = new float[distinct * WIDTH];
    float[] shardSums = new float[distinct * WIDTH];
    Arrays.fill(shardSums, Float.NaN); // rows the shard never sums are never read

    whole.startSums();
    shard.startSums();
    for (int t = timesteps - 1; t >= 0; t--) {
      whole.sum(d, t * WIDTH, timesteps * WIDTH, t, timesteps, 2, WIDTH, sums);
      shard.sum(
          d, (2 * timesteps + t) * WIDTH, timesteps * WIDTH, t, timesteps, 2, WIDTH, shardSums);
    }
    int half = distinct / 2; // two threads' parts of the rows
    whole.addSums(shard, shardSums, sums, WIDTH, 0, half);
    whole.addSums(shard, shardSums, sums, WIDTH, half, distinct - half);

    // each row: the first shard's positions as BPTT visits them, then the second shard's
    float[] expected = new float[distinct * WIDTH];
    boolean[] seen = new boolean[distinct];
    for (int first : new int[] {0, 2}) {
      float[] part = new float[distinct * WIDTH];
      boolean[] partSeen = new boolean[distinct];
      for (int t = timesteps - 1; t >= 0; t--) {
        for (int b = first; b < first + 2; b++) {
          int p = b * timesteps + t;
          int row = indexOf(whole, batch[p]);
          for (int j = 0; j < WIDTH; j++) {
            float v = d[p * WIDTH + j];
            part[row * WIDTH + j] = partSeen[row] ? part[row * WIDTH + j] + v : v;
          }
          partSeen[row] = true;
        }
      }
      for (int row = 0; row < distinct; row++) {
        if (!partSeen[row]) {
          continue;
        }
        for (int j = 0; j < WIDTH; j++) {
          float v = part[row * WIDTH + j];
          expected[row * WIDTH + j] = seen[row] ? expected[row * WIDTH + j] + v : v;
        }
        seen[row] = true;
      }
    }
    assertArrayEquals(expected, sums); // the same additions in the same order: the same bits
  }

  private static int indexOf(DistinctTokens tokens, int id) {
    for (int r = 0; r < tokens.count(); r++) {
      if (tokens.ids()[r] == id) {
        return r;
      }
    }
    throw new AssertionError("token " + id + " not indexed");
  }
}

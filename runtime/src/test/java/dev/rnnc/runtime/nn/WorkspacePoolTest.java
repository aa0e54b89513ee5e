package dev.rnnc.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkspacePoolTest {
  @Test
  void oneCallerAtATimeReusesOneWorkspace() {
    AtomicInteger made = new AtomicInteger();
    WorkspacePool<Object> pool = new WorkspacePool<>(() -> new int[] {made.incrementAndGet()});
    Object first = pool.acquire();
    pool.release(first);
    for (int i = 0; i < 1_000; i++) {
      Object workspace = pool.acquire();
      assertSame(first, workspace);
      pool.release(workspace);
    }
    assertEquals(1, made.get());
    assertEquals(1, pool.idle());
  }

  @Test
  void overlappingCallsEachGetTheirOwnAndThePoolKeepsThePeak() {
    AtomicInteger made = new AtomicInteger();
    WorkspacePool<Object> pool = new WorkspacePool<>(() -> new int[] {made.incrementAndGet()});
    for (int peak : new int[] {3, 37, 10}) { // 37 outgrows the spare array several times
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < peak; i++) {
        out.add(pool.acquire());
      }
      Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
      distinct.addAll(out);
      assertEquals(peak, distinct.size());
      out.forEach(pool::release);
    }
    // one thread: nothing was dropped while the spares grew, so exactly the peak was made and kept
    assertEquals(37, made.get());
    assertEquals(37, pool.idle());
    for (int i = 0; i < 37; i++) {
      pool.acquire();
    }
    assertEquals(37, made.get());
    assertEquals(0, pool.idle());
  }
}

package io.hutong.deploy.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a process together with every descendant, gracefully first. */
final class ProcessTree {

  private ProcessTree() {}

  static void stop(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>();
    root.descendants().forEach(tree::add);
    tree.add(root);
    tree.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plus(grace);
    for (ProcessHandle handle : tree) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (!awaitExit(handle, left.isNegative() ? Duration.ZERO : left)) {
        handle.destroyForcibly();
        awaitExit(handle, Duration.ofSeconds(5));
      }
    }
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    if (!handle.isAlive()) {
      return true;
    }
    CompletableFuture<ProcessHandle> exit = handle.onExit();
    try {
      exit.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return !handle.isAlive();
    }
  }
}

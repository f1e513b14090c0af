package io.lakebook.kernel;

import io.lakebook.kernel.testing.FakeSession;
import io.lakebook.kernel.testing.KernelFixture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** A kernel whose front end died without a shutdown request stops too, as ipykernel does with JPY_PARENT_PID. */
class KernelParentTest {

    @Test
    void theKernelShutsDownWhenTheProcessThatStartedItExits() throws Exception {
        FakeSession session = new FakeSession();
        try (KernelFixture fixture = new KernelFixture(() -> session)) {
            Process parent = new ProcessBuilder("sleep", "3").start();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    fixture.kernel.awaitShutdownRequest();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            KernelMain.closeWhenParentExits(String.valueOf(parent.pid()), fixture.kernel);
            assertFalse(stopped.isDone(), "the kernel must run while its parent lives");

            stopped.get(20, TimeUnit.SECONDS);
        }
    }
}

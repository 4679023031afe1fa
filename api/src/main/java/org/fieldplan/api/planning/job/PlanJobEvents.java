package org.fieldplan.api.planning.job;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fieldplan.api.persistence.jooq.tables.records.PlanJobRecord;
import org.fieldplan.api.planning.job.PlanJobMessages.ProgressEvent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Progress of planning jobs as server-sent events: {@code progress} on each stored improvement, {@code status} at
 * the end. Listeners of a job running here are told by the runner; a job running in another instance is followed
 * through its stored row. Events go out on their own threads, never the solver's (a slow client must not hold up a
 * solve).
 */
@Component
class PlanJobEvents implements DisposableBean {

    private final PlanJobStore store;
    private final Map<Long, List<SseEmitter>> listeners = new ConcurrentHashMap<>();
    private final ExecutorService notifier = Executors.newVirtualThreadPerTaskExecutor();
    PlanJobEvents(PlanJobStore store) {
        this.store = store;
    }

    /**
     * The event of {@code job} as its row says, with the stage of a job solving in parts (docs/planning.md, "Big
     * jobs"): the solving instance stores each stage in the row, so an instance following the job shows it too.
     */
    ProgressEvent event(PlanJobRecord job) {
        return PlanJobStore.event(job);
    }

    /** The stream of {@code job}; {@code runsHere}: the job is solving in this instance. */
    SseEmitter follow(PlanJobRecord job, boolean runsHere) {
        long id = job.getId();
        SseEmitter emitter = new SseEmitter(0L);
        send(emitter, event(job), "progress");
        if (!job.getStatus().isRunning()) {
            send(emitter, PlanJobStore.event(job), "status");
            emitter.complete();
            return emitter;
        }
        if (runsHere) {
            listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(emitter);
            emitter.onCompletion(() -> listeners.getOrDefault(id, List.of()).remove(emitter));
            emitter.onTimeout(emitter::complete);
            return emitter;
        }
        Thread.ofVirtual().name("plan-job-follow-" + id).start(() -> {
            Integer seen = null;
            try {
                while (true) {
                    Thread.sleep(1000);
                    PlanJobRecord now = store.find(id);
                    if (now == null) {
                        emitter.complete();
                        return;
                    }
                    boolean over = !now.getStatus().isRunning();
                    if (!Objects.equals(seen, now.getElapsedSeconds()) || over) {
                        seen = now.getElapsedSeconds();
                        if (!send(emitter, event(now), over ? "status" : "progress")) {
                            return;
                        }
                    }
                    if (over) {
                        emitter.complete();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    /** Tells the job's listeners (later, on another thread); {@code last}: the job ended, the streams close. */
    void changed(long id, boolean last) {
        notifier.execute(() -> tell(id, last));
    }

    /** As {@link #changed}, on the caller's thread. */
    void tell(long id, boolean last) {
        List<SseEmitter> emitters = listeners.get(id);
        if (emitters == null || emitters.isEmpty()) {
            return;
        }
        PlanJobRecord job = store.find(id);
        if (job == null) {
            return;
        }
        for (SseEmitter emitter : emitters) {
            send(emitter, event(job), last ? "status" : "progress");
            if (last) {
                emitter.complete();
            }
        }
        if (last) {
            listeners.remove(id);
        }
    }

    private static boolean send(SseEmitter emitter, ProgressEvent event, String name) {
        try {
            emitter.send(SseEmitter.event().name(name).data(event, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        notifier.shutdownNow();
    }
}

package io.lakebook.guard.notify;

/** Sends a notice somewhere; returns normally only when it was accepted. */
public interface Notifier {

    /** Where notices go, for reports; holds no secret. */
    String describe();

    void send(Notice notice) throws NotifyException;

    /** A notifier that sends nothing, when the budgets file names no webhook. */
    static Notifier none() {
        return new Notifier() {
            @Override
            public String describe() {
                return "no notifications (the budgets file names no webhook)";
            }

            @Override
            public void send(Notice notice) {
                // Nothing is configured to receive it.
            }
        };
    }
}

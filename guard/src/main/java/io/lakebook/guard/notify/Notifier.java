package io.lakebook.guard.notify;

/** Sends a notice's JSON body somewhere; returns normally only when it was accepted. */
public interface Notifier {

    /** Where notices go, for reports; holds no secret. */
    String describe();

    /** Whether notices go anywhere at all. */
    default boolean configured() {
        return true;
    }

    void send(String body) throws NotifyException;

    /** A notifier that sends nothing, when the budgets file names no webhook. */
    static Notifier none() {
        return new Notifier() {
            @Override
            public String describe() {
                return "no notifications (the budgets file names no webhook)";
            }

            @Override
            public boolean configured() {
                return false;
            }

            @Override
            public void send(String body) {
                // Nothing is configured to receive it.
            }
        };
    }
}

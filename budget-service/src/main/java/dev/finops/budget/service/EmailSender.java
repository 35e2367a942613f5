package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Email channels: one plain-text message per alert over SMTP (quarkus.mailer.*). */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    public Uni<Void> send(Alert a, AlertChannel c) {
        StringBuilder text = new StringBuilder(a.summary()).append("\n\n");
        text.append("severity: ").append(a.severity()).append('\n');
        text.append("type: ").append(a.type()).append('\n');
        text.append("source: ").append(a.source()).append('\n');
        text.append("at: ").append(a.createdAt()).append('\n');
        for (Map.Entry<String, Object> e : a.details().entrySet()) {
            text.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        Mail mail = Mail.withText(c.emailTo(), "[" + a.severity() + "] " + a.summary(), text.toString());
        mail.addHeader("X-Alert-Dedup-Key", a.dedupKey());
        return mailer.send(mail);
    }
}

package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.AlertChannel;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Email channels: one plain-text message per alert (and one when a condition ends) over SMTP (quarkus.mailer.*). */
@ApplicationScoped
public class EmailSender {

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    public Uni<Void> send(Alert a, AlertChannel c) {
        boolean resolved = a.kind() == Alert.Kind.resolution;
        StringBuilder text = new StringBuilder(a.summary()).append("\n\n");
        text.append("severity: ").append(a.severity()).append('\n');
        text.append("type: ").append(a.type()).append('\n');
        text.append("state: ").append(resolved ? "resolved" : a.kind() == Alert.Kind.notice ? "notice" : "firing")
                .append('\n');
        text.append("source: ").append(a.source()).append('\n');
        text.append("at: ").append(a.createdAt()).append("\n\n");
        text.append(AlertText.description(a)).append('\n');
        String subject = resolved ? "[resolved] " + AlertText.headline(a) : "[" + a.severity() + "] " + a.summary();
        Mail mail = Mail.withText(c.emailTo(), subject, text.toString());
        mail.addHeader("X-Alert-Dedup-Key", a.conditionDedupKey());
        return mailer.send(mail);
    }
}

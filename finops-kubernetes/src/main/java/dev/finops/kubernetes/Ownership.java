package dev.finops.kubernetes;

import dev.finops.http.problem.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * Who may change an object: the REST API only objects no resource manages; a resource only objects it created
 * (or new ones). Both refusals are 409 problems that say where the object is managed.
 */
public final class Ownership {

    private Ownership() {
    }

    /** For REST writes: {@code managedBy} is the stored owner of the object, null when the API created it. */
    public static void refuseIfManaged(String managedBy, String what) {
        if (managedBy != null) {
            throw new ProblemException(Response.Status.CONFLICT, capitalized(what) + " is managed by the Kubernetes resource "
                    + managedBy + "; change or delete that resource instead (kubectl edit/delete).");
        }
    }

    /** For resource writes: {@code exists} whether the object is there, {@code managedBy} its stored owner. */
    public static void claim(boolean exists, String managedBy, String owner, String what) {
        if (exists && managedBy == null) {
            throw new ProblemException(Response.Status.CONFLICT, capitalized(what)
                    + " exists already and was created through the REST API; delete it there first or choose another one.");
        }
        if (managedBy != null && !managedBy.equals(owner)) {
            throw new ProblemException(Response.Status.CONFLICT, capitalized(what) + " is managed by another resource, "
                    + managedBy + ".");
        }
    }

    private static String capitalized(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}

package dev.finops.pricing.routing;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Compiles and type-checks routing conditions as CEL expressions that must yield a bool. The variables are
 * the typed request attributes ({@link RequestAttributes}: {@code taskComplexity} or its alias
 * {@code task_complexity}, ...) plus {@code attributes}, a map of every attribute sent, for conditions on free
 * attributes ({@code attributes.priority == 'high'}).
 */
@ApplicationScoped
public class ConditionCompiler {

    /** The typed request attributes a condition may name: camelCase, and the snake_case aliases. */
    public static final Map<String, CelType> VARIABLES = RequestAttributes.TYPES;

    public static final String ATTRIBUTES = "attributes";

    /** Why an expression does not compile: CEL's message and where (1-based line and column). */
    public record CompileError(String message, int line, int column) {
    }

    /** Thrown with every error CEL reported for one expression. */
    public static class InvalidCondition extends Exception {
        private final transient java.util.List<CompileError> errors;

        InvalidCondition(java.util.List<CompileError> errors) {
            super(errors.isEmpty() ? "invalid expression" : errors.get(0).message(), null, false, false);
            this.errors = errors;
        }

        public java.util.List<CompileError> errors() {
            return errors;
        }
    }

    private final CelCompiler compiler;
    private final CelRuntime runtime;

    public ConditionCompiler() {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.BOOL)
                .addVar(ATTRIBUTES, MapType.create(SimpleType.STRING, SimpleType.DYN));
        VARIABLES.forEach(builder::addVar);
        this.compiler = builder.build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    }

    public CelRuntime.Program compile(String expression) throws InvalidCondition {
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return runtime.createProgram(ast);
        } catch (CelValidationException e) {
            throw new InvalidCondition(e.getErrors().stream().map(ConditionCompiler::error).toList());
        } catch (CelEvaluationException e) {
            throw new InvalidCondition(java.util.List.of(new CompileError(e.getMessage(), 0, 0)));
        }
    }

    private static CompileError error(CelIssue issue) {
        // CEL columns are 0-based; people count from 1.
        return new CompileError(issue.getMessage(), issue.getSourceLocation().getLine(),
                issue.getSourceLocation().getColumn() + 1);
    }
}

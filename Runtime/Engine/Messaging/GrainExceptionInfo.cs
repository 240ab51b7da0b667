using System.Reflection;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// An exception reduced to what can cross silos — its type name and message — and rebuilt on the caller's side
/// with its original type when that type is known and has a (string message) constructor, otherwise as a
/// <see cref="GrainCallException"/>. Local calls pass the original exception object and need none of this.
/// </summary>
/// <param name="TypeName">The assembly-qualified name of the exception type.</param>
/// <param name="Message">The exception message.</param>
internal sealed record GrainExceptionInfo(string TypeName, string Message)
{
    public static GrainExceptionInfo Capture(Exception exception) =>
        new(exception.GetType().AssemblyQualifiedName ?? exception.GetType().FullName!, exception.Message);

    public Exception ToException()
    {
        var type = Type.GetType(TypeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type)
            && type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]) is { } constructor)
        {
            try
            {
                return (Exception)constructor.Invoke([Message]);
            }
            catch (TargetInvocationException)
            {
                // The type rejected the message; fall back to the generic carrier below.
            }
        }

        var name = type?.FullName ?? TypeName.Split(',')[0];
        return new GrainCallException(name, Message);
    }
}

using System.Reflection;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// Converts between a method's declared return type (Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;) and
/// the untyped <see cref="Task{Object}"/> the runtime moves around.
/// </summary>
internal static class ReturnAdapters
{
    /// <summary>Turns what the grain method returned into an untyped task.</summary>
    public static Func<object, Task<object?>> Unwrap(ReturnKind kind, Type? resultType) => kind switch
    {
        ReturnKind.Task => static value => FromTask((Task)value),
        ReturnKind.ValueTask => static value => FromTask(((ValueTask)value).AsTask()),
        ReturnKind.TaskOfT => Generic<Func<object, Task<object?>>>(nameof(FromTaskOfT), resultType!),
        ReturnKind.ValueTaskOfT => Generic<Func<object, Task<object?>>>(nameof(FromValueTaskOfT), resultType!),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Turns the untyped task into the proxy method's declared return type.</summary>
    public static Func<Task<object?>, object> Wrap(ReturnKind kind, Type? resultType) => kind switch
    {
        ReturnKind.Task => static task => task,
        ReturnKind.ValueTask => static task => new ValueTask(task),
        ReturnKind.TaskOfT => Generic<Func<Task<object?>, object>>(nameof(ToTaskOfT), resultType!),
        ReturnKind.ValueTaskOfT => Generic<Func<Task<object?>, object>>(nameof(ToValueTaskOfT), resultType!),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static TDelegate Generic<TDelegate>(string methodName, Type typeArgument)
        where TDelegate : Delegate =>
        typeof(ReturnAdapters).GetMethod(methodName, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArgument)
            .CreateDelegate<TDelegate>();

    private static async Task<object?> FromTask(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static Task<object?> FromTaskOfT<T>(object value) => Box((Task<T>)value);

    private static Task<object?> FromValueTaskOfT<T>(object value) => Box(((ValueTask<T>)value).AsTask());

    private static async Task<object?> Box<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static object ToTaskOfT<T>(Task<object?> task) => Cast<T>(task);

    private static object ToValueTaskOfT<T>(Task<object?> task) => new ValueTask<T>(Cast<T>(task));

    private static async Task<T> Cast<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
}

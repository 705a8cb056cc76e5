defmodule HelloRelease do
  @moduledoc """
  A small application used by Kiln to show what a release contains.

  `HelloRelease.greet/0` asks the supervised `HelloRelease.Greeter` process for
  its greeting, which `config/runtime.exs` reads from `HELLO_GREETING` when the
  release boots.
  """

  @doc "Returns the greeting held by the running greeter."
  def greet do
    HelloRelease.Greeter.greeting()
  end
end

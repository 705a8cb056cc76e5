defmodule HelloRelease.MixProject do
  use Mix.Project

  def project do
    [
      app: :hello_release,
      version: "0.1.0",
      elixir: "~> 1.14",
      start_permanent: Mix.env() == :prod,
      deps: [],
      releases: [
        hello_release: [
          include_executables_for: [:unix],
          applications: [hello_release: :permanent]
        ]
      ]
    ]
  end

  def application do
    [
      extra_applications: [:logger],
      mod: {HelloRelease.Application, []}
    ]
  end
end

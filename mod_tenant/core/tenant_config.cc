// placeholder: implementation lands with its part of the engine

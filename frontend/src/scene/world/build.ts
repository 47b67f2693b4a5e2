// An exercise's world from its scene description: environment, obstacles, course and
// overlays under one root, with one dispose() for all of it.
import { Group, type Scene, type WebGLRenderer } from "three";
import type { SceneDescription } from "../../world/description";
import { disposeTree } from "../dispose";
import { course } from "./course";
import { environment } from "./environment";
import { obstacles } from "./obstacles";
import { overlays } from "./overlays";

export interface WorldInstance {
  root: Group;
  dispose(): void;
}

export function buildWorld(renderer: WebGLRenderer, scene: Scene, d: SceneDescription): WorldInstance {
  const root = new Group();
  root.name = "world";
  root.add(environment(scene, d.ground, d.extent), obstacles(d), course(d), overlays(d));
  scene.add(root);
  // The world does not move: its shadows are drawn once (the drone has its own disc).
  renderer.shadowMap.enabled = true;
  renderer.shadowMap.autoUpdate = false;
  renderer.shadowMap.needsUpdate = true;
  return {
    root,
    dispose() {
      disposeTree(root);
      scene.fog = null;
      scene.background = null;
    },
  };
}

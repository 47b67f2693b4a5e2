// Everything a flight page draws in 3D: the world, the drone and the cameras, posed from one
// Flight per frame. Order each frame: apply(flight, dt), then render().
import { Scene, type WebGLRenderer } from "three";
import type { Flight } from "../net/flight";
import type { SceneDescription, ViewKind } from "../world/description";
import { CameraRig } from "./cameras";
import { DroneModel } from "./drone";
import { buildWorld, type WorldInstance } from "./world/build";

export class Stage {
  readonly scene = new Scene();
  readonly drone = new DroneModel();
  readonly rig: CameraRig;
  private readonly world: WorldInstance;

  constructor(private readonly renderer: WebGLRenderer, readonly description: SceneDescription) {
    this.world = buildWorld(renderer, this.scene, description);
    this.drone.addTo(this.scene);
    this.rig = new CameraRig(description.view, this.drone);
  }

  get view(): ViewKind {
    return this.rig.view;
  }

  /** Compiles the shaders now, so the first flying frame does not stall. */
  async warm(): Promise<void> {
    // compileAsync needs KHR_parallel_shader_compile (three.js warns without it).
    if (this.renderer.extensions.has("KHR_parallel_shader_compile")) await this.renderer.compileAsync(this.scene, this.rig.camera);
    else this.renderer.compile(this.scene, this.rig.camera);
  }

  resize(width: number, height: number): void {
    this.rig.resize(width, height);
  }

  apply(flight: Flight, dt: number): void {
    this.drone.pose(flight, dt);
    this.rig.update(flight, dt);
  }

  render(): void {
    this.renderer.info.reset();
    this.renderer.render(this.scene, this.rig.camera);
  }

  dispose(): void {
    this.drone.dispose();
    this.world.dispose();
    this.scene.clear();
  }
}

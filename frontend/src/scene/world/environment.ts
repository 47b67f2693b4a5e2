// Ground, sky, fog and light. The sky is a gradient dome whose horizon is the fog's colour,
// so the far ground melts into it without a seam.
import {
  BackSide, Color, DirectionalLight, Fog, Group, HemisphereLight, Mesh, MeshStandardMaterial,
  PlaneGeometry, ShaderMaterial, SphereGeometry, type Scene,
} from "three";
import type { Ground } from "../../world/description";
import { groundTexture } from "./textures";

const HORIZON = new Color(0xcfdbe6);
const ZENITH = new Color(0x4f86c6);

export function environment(scene: Scene, ground: Ground, extent: number): Group {
  const root = new Group();
  root.name = "environment";
  const size = Math.max(1200, extent * 8);
  const plane = new Mesh(
    new PlaneGeometry(size, size).rotateX(-Math.PI / 2),
    new MeshStandardMaterial({ map: groundTexture(ground, size), roughness: 0.95, metalness: 0 }),
  );
  plane.receiveShadow = true;
  plane.matrixAutoUpdate = false;
  root.add(plane);

  const sky = new Mesh(
    new SphereGeometry(size * 0.9, 32, 16),
    new ShaderMaterial({
      side: BackSide,
      depthWrite: false,
      fog: false,
      uniforms: { horizon: { value: HORIZON }, zenith: { value: ZENITH } },
      vertexShader: `varying vec3 vDir;
        void main() { vDir = normalize(position); gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0); }`,
      fragmentShader: `uniform vec3 horizon; uniform vec3 zenith; varying vec3 vDir;
        void main() { float h = clamp(vDir.y, 0.0, 1.0); gl_FragColor = vec4(mix(horizon, zenith, pow(h, 0.6)), 1.0);
          #include <tonemapping_fragment>
          #include <colorspace_fragment>
        }`,
    }),
  );
  sky.renderOrder = -1;
  sky.frustumCulled = false;
  root.add(sky);

  scene.background = HORIZON;
  scene.fog = new Fog(HORIZON, Math.max(80, extent * 1.5), Math.max(500, size * 0.45));

  root.add(new HemisphereLight(0xdfeaff, 0x4a5a3a, 1.1));
  const sun = new DirectionalLight(0xfff4e0, 1.7);
  sun.position.set(-0.4 * extent - 20, 60 + extent, 0.3 * extent + 20);
  sun.castShadow = true;
  sun.shadow.mapSize.set(2048, 2048);
  const cam = sun.shadow.camera;
  cam.left = cam.bottom = -extent;
  cam.right = cam.top = extent;
  cam.near = 1;
  cam.far = 400 + extent * 3;
  cam.updateProjectionMatrix();
  sun.shadow.bias = -0.0005;
  root.add(sun, sun.target);
  return root;
}
